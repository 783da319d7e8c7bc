/**
 * The public Go SDK's types (xdimedrolx/telphin-go-sdk@79765e178f1e93148c24c96c300c7c5a473cb7e5,
 * telphin/types.go), transcribed field by field with their JSON tags, and a decoder that reads a response
 * as Go's encoding/json reads it into them: a string field takes a JSON string, a uint32 a whole number
 * from 0 to 4294967295 (12.5, -1 and "12" fail the whole call), a bool a boolean, a *JSONTime null or
 * "2006-01-02 15:04:05" (Go's time.Parse takes a fraction after the seconds; "" fails). Stricter than Go in
 * one way, as the issue asks: every field the struct names must be present (Go would leave a missing one
 * zero), and `cdr` must be an array (its helpers dereference the *[]Cdr, so null panics).
 */

export type GoType = 'string' | '*string' | 'uint32' | 'uint16' | 'int' | 'bool' | '*JSONTime' | { struct: Record<string, GoType>; name: string } | { slice: GoType } | { mustSlice: GoType };

const Cdr: GoType = {
  name: 'Cdr',
  struct: {
    extension_type: 'string',
    record_uuid: '*string',
    result: 'string',
    hangup_cause: 'string',
    hangup_disposition: '*string',
    duration: 'int',
    init_time_gmt: '*JSONTime',
    start_time_gmt: '*JSONTime',
    hangup_time_gmt: '*JSONTime',
    flow: 'string',
    extension_id: 'uint32',
    from_username: 'string',
    to_username: 'string',
  },
};

const CallHistory: GoType = {
  name: 'CallHistory',
  struct: {
    call_uuid: 'string',
    flow: 'string',
    init_time_gmt: '*JSONTime',
    start_time_gmt: '*JSONTime',
    bridged_time_gmt: '*JSONTime',
    hangup_time_gmt: '*JSONTime',
    duration: 'uint32',
    bridged: 'bool',
    bridged_duration: 'uint32',
    extension_id: 'uint32',
    from_username: 'string',
    to_username: 'string',
    result: 'string',
    hangup_cause: 'string',
    hangup_disposition: '*string',
    cdr: { mustSlice: Cdr },
  },
};

export const GO = {
  CallHistory,
  CallHistories: { name: 'CallHistories', struct: { page: 'uint32', per_page: 'uint32', order: 'string', call_history: { slice: CallHistory } } },
  /** GetRecords decodes the list into []RecordInfo. */
  RecordInfos: { slice: { name: 'RecordInfo', struct: { call_uuid: 'string', record_uuid: 'string' } } },
  RecordStorageUrl: { name: 'RecordStorageUrl', struct: { record_url: 'string' } },
  Callback: { name: 'Callback', struct: { call_api_id: 'string', call_id: 'string' } },
} satisfies Record<string, GoType>;

/** A CallbackRequest as the SDK marshals it: every field, nil pointers as null, allow_public_transfer false. */
export function goCallbackRequest(src: string[] | null, dst: string, set: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    src_num: src,
    dst_num: dst,
    allow_public_transfer: false,
    call_duration: null,
    announce_sound_id: null,
    dst_announce_sound_id: null,
    caller_id_name: null,
    caller_id_number: null,
    dst_ani: null,
    dst_dtmf: null,
    src_caller_id_name: null,
    src_caller_id_number: null,
    transfer_after_dst_hangup: null,
    transfer_after_src_hangup: null,
    wait_for_pickup: null,
    ...set,
  };
}

/** Go's time.Parse("2006-01-02 15:04:05", s): the layout exactly, an optional fraction after the seconds, a real date. */
function goTime(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && sec < 60;
}

/** What would fail (or be missing) decoding `value` into `type`; [] when the SDK reads it in full. */
export function goDecodeProblems(value: unknown, type: GoType, path = '$'): string[] {
  if (typeof type === 'string') {
    // null: a pointer becomes nil, anything else stays its zero value; neither fails.
    if (value === null) return [];
    switch (type) {
      case 'string':
      case '*string':
        return typeof value === 'string' ? [] : [`${path}: ${JSON.stringify(value)} into a Go string`];
      case 'uint32':
      case 'uint16': {
        const max = type === 'uint32' ? 0xffffffff : 0xffff;
        return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max ? [] : [`${path}: ${JSON.stringify(value)} into a Go ${type}`];
      }
      case 'int':
        return typeof value === 'number' && Number.isSafeInteger(value) ? [] : [`${path}: ${JSON.stringify(value)} into a Go int`];
      case 'bool':
        return typeof value === 'boolean' ? [] : [`${path}: ${JSON.stringify(value)} into a Go bool`];
      case '*JSONTime':
        return typeof value === 'string' && goTime(value) ? [] : [`${path}: ${JSON.stringify(value)} is not a time JSONTime parses (2006-01-02 15:04:05)`];
    }
  }
  if ('mustSlice' in type) {
    if (!Array.isArray(value)) return [`${path}: ${JSON.stringify(value)} is not an array (the SDK's helpers dereference it)`];
    return value.flatMap((v, i) => goDecodeProblems(v, type.mustSlice, `${path}[${i}]`));
  }
  if ('slice' in type) {
    if (value === null) return [];
    if (!Array.isArray(value)) return [`${path}: ${JSON.stringify(value)} into a Go slice`];
    return value.flatMap((v, i) => goDecodeProblems(v, type.slice, `${path}[${i}]`));
  }
  if (value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: ${JSON.stringify(value)} into a Go ${type.name}`];
  const obj = value as Record<string, unknown>;
  return Object.entries(type.struct).flatMap(([key, t]) => (key in obj ? goDecodeProblems(obj[key], t, `${path}.${key}`) : [`${path}: ${type.name}.${key} is missing`]));
}
