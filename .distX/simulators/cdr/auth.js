import { unauthorized } from './errors.js';
/** onRequest of every Conpeek route, in callback style (it runs on every request). */
export function authenticate(adapter, enabled) {
    return (req, _reply, done) => {
        try {
            adapter.ensure();
            if (enabled)
                check(req.headers.authorization, adapter.settings.api_key);
            done();
        }
        catch (err) {
            done(err);
        }
    };
}
function check(header, key) {
    if (header === undefined || header.trim() === '')
        throw unauthorized('Authorization required: send the API key in the Authorization header');
    const value = header.trim();
    if (value === key)
        return;
    if (/^bearer\s+/i.test(value) && value.replace(/^bearer\s+/i, '') === key)
        throw unauthorized('Send the raw API key in the Authorization header, without "Bearer"');
    throw unauthorized('Invalid API key');
}
