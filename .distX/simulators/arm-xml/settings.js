export const DEFAULT_SETTINGS = Object.freeze({ domain: 'ccsim.local', max_body_bytes: 256 * 1024 });
/** Bodies over this are refused by the WebSocket library itself (close 1009) before ccsim sees them. */
export const HARD_FRAME_LIMIT = 16 * 1024 * 1024;
const CHECKS = {
    domain: (v) => (typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(v) ? null : 'a domain name (letters, digits, dots, dashes)'),
    max_body_bytes: (v) => (Number.isInteger(v) && v >= 1024 && v <= HARD_FRAME_LIMIT - 1024 ? null : `an integer from 1024 to ${HARD_FRAME_LIMIT - 1024}`),
};
export function readSettings(apis, log) {
    const out = { ...DEFAULT_SETTINGS };
    const raw = apis.arm;
    if (raw === undefined || raw === null)
        return out;
    if (typeof raw !== 'object' || Array.isArray(raw)) {
        log.warn({ apis_arm: raw }, 'apis.arm must be a mapping; using the defaults');
        return out;
    }
    for (const [key, value] of Object.entries(raw)) {
        const check = Object.hasOwn(CHECKS, key) ? CHECKS[key] : undefined;
        if (!check) {
            log.warn({ key }, `apis.arm.${key} is not a setting of the ARM simulator; ignored`);
            continue;
        }
        const expected = check(value);
        if (expected) {
            log.warn({ key, value }, `apis.arm.${key} must be ${expected}; using the default`);
            continue;
        }
        out[key] = value;
    }
    return out;
}
