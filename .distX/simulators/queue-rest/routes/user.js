import { ref } from '../schema.js';
import { errors, tags } from './common.js';
export async function userRoutes(app, { adapter }) {
    app.get('/user', { schema: { tags, summary: 'Telphin: the logged-in user', response: { 200: ref('User'), ...errors } } }, async () => {
        const s = adapter.settings;
        return { id: 1, login: s.login, client_id: s.account_id, extension_id: null, extension_group_id: null, admin: true, access: 'full', dealer_id: null, timezone: s.timezone };
    });
}
