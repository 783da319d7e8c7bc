import { DomainError } from '../scenarios/callcenter/errors.js';
import { ScenarioError } from '../scenarios/load-scenario.js';
export function adminError(status, code, message, field) {
    return { status, body: { error: field ? { code, message, field } : { code, message } } };
}
const DOMAIN = {
    notFound: [404, 'not_found'],
    conflict: [409, 'conflict'],
    invalid: [400, 'invalid'],
    forbidden: [403, 'forbidden'],
};
/** Translates any error thrown while handling an admin request. */
export function toAdminError(err, request) {
    if (err instanceof DomainError) {
        const [status, code] = DOMAIN[err.kind];
        return adminError(status, code, err.message, err.field ?? undefined);
    }
    if (err instanceof ScenarioError)
        return adminError(400, 'invalid', err.message, err.problems[0]?.path || undefined);
    const e = err;
    if (e.validation) {
        const v = e.validation[0];
        const missing = v.params.missingProperty;
        const extra = v.params.additionalProperty;
        const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
        const field = missing ?? extra ?? (path || undefined);
        const where = e.validationContext ?? 'body';
        const message = missing
            ? `${where} needs '${missing}'`
            : extra
                ? `${where} has an unknown field '${extra}'`
                : `${where}${path ? '.' + path : ''} ${v.message ?? 'is not valid'}`;
        return adminError(400, 'invalid', message, field);
    }
    switch (e.code) {
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
            return adminError(400, 'bad_request', `malformed JSON body: ${e.message}`);
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
            return adminError(413, 'payload_too_large', e.message);
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
            return adminError(415, 'unsupported_media_type', `unsupported content type '${request.headers['content-type'] ?? ''}'`);
    }
    if (err instanceof SyntaxError)
        return adminError(400, 'bad_request', `malformed body: ${err.message}`);
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
        return adminError(e.statusCode, 'bad_request', e.message);
    request.log.error({ err }, 'admin request failed');
    return adminError(500, 'internal', 'internal error');
}
export function sendAdminError(reply, err) {
    const { status, body } = toAdminError(err, reply.request);
    return reply.code(status).type('application/json').send(body);
}
