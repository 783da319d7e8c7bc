/**
 * The scenario's `apis.arm` block: the call center's ECSS domain (the `{domain}` of every path) and the
 * largest XML body accepted. Every key is optional; a bad value is logged and its default used, so a
 * scenario with a typo still serves. It does not read anything but the scenario.
 */
import type { FastifyBaseLogger } from 'fastify';

export interface ArmSettings {
  domain: string;
  /** Largest XML body in bytes, over HTTP and in a WebSocket frame. */
  max_body_bytes: number;
}

export const DEFAULT_SETTINGS: Readonly<ArmSettings> = Object.freeze({ domain: 'ccsim.local', max_body_bytes: 256 * 1024 });

/** Bodies over this are refused by the WebSocket library itself (close 1009) before ccsim sees them. */
export const HARD_FRAME_LIMIT = 16 * 1024 * 1024;

const CHECKS: { [K in keyof ArmSettings]: (v: unknown) => string | null } = {
  domain: (v) => (typeof v === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(v) ? null : 'a domain name (letters, digits, dots, dashes)'),
  max_body_bytes: (v) => (Number.isInteger(v) && (v as number) >= 1024 && (v as number) <= HARD_FRAME_LIMIT - 1024 ? null : `an integer from 1024 to ${HARD_FRAME_LIMIT - 1024}`),
};

export function readSettings(apis: Record<string, unknown>, log: FastifyBaseLogger): ArmSettings {
  const out: ArmSettings = { ...DEFAULT_SETTINGS };
  const raw = apis.arm;
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    log.warn({ apis_arm: raw }, 'apis.arm must be a mapping; using the defaults');
    return out;
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key as keyof ArmSettings] : undefined;
    if (!check) {
      log.warn({ key }, `apis.arm.${key} is not a setting of the ARM simulator; ignored`);
      continue;
    }
    const expected = check(value);
    if (expected) {
      log.warn({ key, value }, `apis.arm.${key} must be ${expected}; using the default`);
      continue;
    }
    (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}
