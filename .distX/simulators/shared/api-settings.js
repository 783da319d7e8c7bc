/** The schema's defaults, as a fresh object. */
export function settingDefaults(definition) {
    const { properties } = definition;
    return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, structuredClone(v.default)]));
}
export function readApiSettings(r) {
    const out = settingDefaults(r.definition);
    const raw = r.apis[r.block];
    if (raw === undefined || raw === null)
        return out;
    if (typeof raw !== 'object' || Array.isArray(raw)) {
        r.log.warn({ [`apis_${r.block}`]: raw }, `apis.${r.block} must be a mapping; using the defaults`);
        return out;
    }
    const { properties } = r.definition;
    for (const [key, value] of Object.entries(raw)) {
        if (!Object.hasOwn(properties, key)) {
            r.log.warn({ key }, `apis.${r.block}.${key} is not a setting of the ${r.view} simulator; ignored`);
            continue;
        }
        if (!r.validate({ [key]: value })) {
            r.log.warn({ key, value, problem: r.validate.errors?.[0]?.message }, `apis.${r.block}.${key} is not valid; using the default`);
            continue;
        }
        out[key] = r.merge ? r.merge(key, value, out[key]) : value;
    }
    return out;
}
