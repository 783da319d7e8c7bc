import { ConpeekAdapter } from './adapter.js';
import { authenticate } from './auth.js';
import { badRequest, sendConpeekError } from './errors.js';
import { cdrRoutes } from './routes.js';
import { schemaDocument, SCHEMA_ID } from './schema.js';
export const cdrPlugin = async (app, { simulation, auth }) => {
    const adapter = new ConpeekAdapter(simulation, app.log);
    app.addHook('onClose', async () => adapter.close());
    if (!app.getSchema(SCHEMA_ID))
        app.addSchema(schemaDocument);
    app.setErrorHandler((err, _request, reply) => sendConpeekError(reply, err));
    // PUT /dialog/{uuid}/hangup takes no body; clients often send an empty one labelled JSON.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
        if (String(text).trim() === '')
            return done(null, undefined);
        try {
            done(null, JSON.parse(String(text)));
        }
        catch (err) {
            done(badRequest(`Malformed JSON body: ${err.message}`), undefined);
        }
    });
    app.addHook('onRequest', authenticate(adapter, auth));
    await app.register(cdrRoutes, { adapter });
};
