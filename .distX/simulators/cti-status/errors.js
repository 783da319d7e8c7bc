export const RESULT = {
    success: '0100000',
    failed: '0100001',
    invalidParameter: '0100002',
    unknown: '0100999',
    noPermission: '0101003',
};
export const JSON_TYPE = 'application/json; charset=UTF-8';
export class CmsError extends Error {
    code;
    httpStatus;
    constructor(code, message, httpStatus = 200) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
        this.name = 'CmsError';
    }
}
export const invalidParameter = (why) => new CmsError(RESULT.invalidParameter, `Invalid parameter: ${why}`);
export function errorBody(code, desc) {
    return { result: code, resultCode: code, resultDesc: desc };
}
export function sendCmsError(reply, err, request) {
    const { status, body } = toCmsError(err, request);
    return reply.code(status).type(JSON_TYPE).send(body);
}
function toCmsError(err, request) {
    if (err instanceof CmsError)
        return { status: err.httpStatus, body: errorBody(err.code, err.message) };
    const e = err;
    switch (e.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
            return { status: 200, body: errorBody(RESULT.invalidParameter, 'Invalid parameter: the request body is too large') };
        case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
            return { status: 200, body: errorBody(RESULT.invalidParameter, 'Invalid parameter: the Content-Length does not match the body') };
    }
    request.log.error({ err }, 'cti-status: unexpected error');
    return { status: 200, body: errorBody(RESULT.unknown, 'Unknown error') };
}
