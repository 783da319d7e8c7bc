import { invalidParameter } from './errors.js';
import { definitionValidator } from './schema.js';
/** Fields as CC-CMS names them in its messages ("queryParam.ccId"). */
function describe(validate) {
    const e = validate.errors?.[0];
    if (!e)
        return 'the body is not valid';
    const at = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (e.keyword === 'required') {
        const field = e.params.missingProperty;
        return `${at ? `${at}.` : ''}${field} is required`;
    }
    if (e.keyword === 'type' && at === '')
        return 'the body must be a JSON object';
    return `${at || 'the body'} ${e.message ?? 'is not valid'}`;
}
function parse(definition, body) {
    if (body === undefined)
        throw invalidParameter('the body is empty; send a JSON object');
    const validate = definitionValidator(definition);
    if (!validate(body))
        throw invalidParameter(describe(validate));
    return body;
}
export const vdnQuery = (body) => parse('VdnRequest', body).queryParam;
export const skillQuery = (body) => parse('SkillRequest', body).queryParam;
export const agentQuery = (body) => parse('AgentRequest', body).queryParam;
/** The newer interface's flat body. */
export const flatSkillQuery = (body) => parse('SkillParam', body);
