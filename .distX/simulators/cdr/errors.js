import { DomainError } from '../../scenarios/callcenter/errors.js';
/** An error rendered as Conpeek sends it. */
export class ConpeekError extends Error {
    statusCode;
    constructor(statusCode, message) {
        super(message);
        this.statusCode = statusCode;
        this.name = 'ConpeekError';
    }
}
export const badRequest = (message) => new ConpeekError(400, message);
export const unauthorized = (message) => new ConpeekError(401, message);
export const notFound = (message) => new ConpeekError(404, message);
export const body = (message) => ({ success: false, message });
export function toConpeekError(err, log) {
    if (err instanceof ConpeekError)
        return { code: err.statusCode, body: body(err.message) };
    if (err instanceof DomainError) {
        // Conpeek documents 403 for a hang-up the platform refuses; conflicts are that.
        const code = err.kind === 'notFound' ? 404 : err.kind === 'invalid' ? 400 : 403;
        return { code, body: body(err.message) };
    }
    const e = err;
    if (e.validation && e.validation.length > 0) {
        const v = e.validation[0];
        const where = (v.instancePath || '').replace(/^\//, '');
        return { code: 400, body: body(`Invalid ${e.validationContext ?? 'request'}${where ? ` parameter '${where}'` : ''}: ${v.message ?? 'is not valid'}`) };
    }
    switch (e.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
            return { code: 413, body: body(`Request body is too large: ${e.message}`) };
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
            return { code: 415, body: body(`Unsupported content type: ${e.message}`) };
        case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
            return { code: 400, body: body('Content-Length does not match the body') };
    }
    if (err instanceof SyntaxError)
        return { code: 400, body: body(`Malformed JSON body: ${err.message}`) };
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
        return { code: e.statusCode, body: body(e.message) };
    log.error({ err }, 'conpeek request failed');
    return { code: 500, body: body('Internal error') };
}
export function sendConpeekError(reply, err) {
    const { code, body } = toConpeekError(err, reply.log);
    return reply.code(code).type('application/json; charset=utf-8').send(body);
}
