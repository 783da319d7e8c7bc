/**
 * The `filter` of GET /cdr_dialog (docs/vendors.md §4): a URI-encoded JSON list of
 * `{property, operator?, value}`, parsed into checked filters, and the test of one dialog against them.
 * Pure: no world, no I/O. Every problem is a 400 whose message names the item, the property, the
 * operator or the value at fault. Filters are ANDed; a `*_list` filter matches a dialog that has any of
 * the listed values.
 */
import type { Dialog, DialogType } from '../../generated/cdr/cdr.js';
import { badRequest } from './errors.js';

export const DIALOG_TYPES: readonly DialogType[] = ['CONSULTANT', 'TENANT_USER', 'EXTERNAL', 'BOT', 'SCREENSHARE_DIALOG', 'SYSTEM', 'UNBOUND_DIALOG'];
export const TIME_OPERATORS = ['gt', 'gte', 'lt', 'lte'] as const;
export const MS_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
export type Operator = (typeof MS_OPERATORS)[number];

type ListItem = 'string' | 'integer' | 'dialog_type';
type Spec = { kind: 'time' } | { kind: 'ms' } | { kind: 'list'; item: ListItem };

/** The documented properties and what each takes. */
export const PROPERTIES = {
  number_list: { kind: 'list', item: 'string' },
  start_time: { kind: 'time' },
  hangup_time: { kind: 'time' },
  talking_time: { kind: 'ms' },
  project_id_list: { kind: 'list', item: 'integer' },
  tenant_user_id_list: { kind: 'list', item: 'integer' },
  custom_tag_id_list: { kind: 'list', item: 'integer' },
  operator_call_id_list: { kind: 'list', item: 'string' },
  dialog_type_list: { kind: 'list', item: 'dialog_type' },
  call_request_agent_id_list: { kind: 'list', item: 'integer' },
} as const satisfies Record<string, Spec>;

export type FilterProperty = keyof typeof PROPERTIES;
type ListProperty = { [K in FilterProperty]: (typeof PROPERTIES)[K] extends { kind: 'list' } ? K : never }[FilterProperty];

export type Filter =
  | { property: 'start_time' | 'hangup_time'; operator: (typeof TIME_OPERATORS)[number]; value: string }
  | { property: 'talking_time'; operator: Operator; value: number }
  | { property: ListProperty; values: ReadonlySet<string | number> };

/** A dialog with what the filters read that the DTO does not show (who requested a dial-out). */
export interface FilterTarget {
  dialog: Dialog;
  /** The tenant user id of the agent whose call request (a dial-out) made the call; null for others. */
  callRequestAgentId: number | null;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The `filter` query parameter as the router gives it (decoded once); undefined or empty: no filter. */
export function parseFilter(raw: string | undefined): Filter[] {
  if (raw === undefined || raw.trim() === '') return [];
  let text = raw.trim();
  // A client that encoded the list twice still means the same list.
  if (/^%(5b|7b)/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw badRequest("Malformed filter: the URI encoding of 'filter' is broken");
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw badRequest(`Malformed filter: 'filter' is not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw badRequest(`Malformed filter: 'filter' must be a JSON list of {property, operator?, value}, not ${kind(parsed)}`);
  return parsed.map((item, i) => parseItem(item, i));
}

function parseItem(item: unknown, i: number): Filter {
  const at = `filter[${i}]`;
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw badRequest(`Malformed filter: ${at} must be an object {property, operator?, value}, not ${kind(item)}`);
  const o = item as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== 'property' && key !== 'operator' && key !== 'value') throw badRequest(`Malformed filter: ${at} has an unknown key '${key}' (expected property, operator, value)`);
  }
  if (typeof o.property !== 'string') throw badRequest(`Malformed filter: ${at}.property must be a string naming a property`);
  const property = o.property;
  if (!Object.hasOwn(PROPERTIES, property)) throw badRequest(`Unknown filter property '${property}' in ${at}; known: ${Object.keys(PROPERTIES).join(', ')}`);
  if (!Object.hasOwn(o, 'value')) throw badRequest(`Malformed filter: ${at} (${property}) has no value`);
  const spec: Spec = PROPERTIES[property as FilterProperty];
  const operator = o.operator;
  const value = o.value;
  if (operator !== undefined && typeof operator !== 'string') throw badRequest(`Malformed filter: ${at}.operator must be a string`);

  if (spec.kind === 'time') {
    if (operator === undefined) throw badRequest(`Filter property '${property}' in ${at} needs an operator: one of ${TIME_OPERATORS.join(', ')}`);
    if (!(TIME_OPERATORS as readonly string[]).includes(operator)) throw badRequest(`Unknown operator '${operator}' for filter property '${property}' in ${at}; allowed: ${TIME_OPERATORS.join(', ')}`);
    if (typeof value !== 'string' || !validTime(value)) throw badRequest(`Invalid value for filter property '${property}' in ${at}: expected a UTC time "YYYY-MM-DD HH:mm:ss", got ${JSON.stringify(value)}`);
    return { property: property as 'start_time' | 'hangup_time', operator: operator as (typeof TIME_OPERATORS)[number], value };
  }
  if (spec.kind === 'ms') {
    const op = operator ?? 'eq';
    if (!(MS_OPERATORS as readonly string[]).includes(op)) throw badRequest(`Unknown operator '${op}' for filter property '${property}' in ${at}; allowed: ${MS_OPERATORS.join(', ')}`);
    if (!(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) throw badRequest(`Invalid value for filter property '${property}' in ${at}: expected a non-negative integer of milliseconds, got ${JSON.stringify(value)}`);
    return { property: 'talking_time', operator: op as Operator, value };
  }
  if (operator !== undefined) throw badRequest(`Filter property '${property}' in ${at} takes no operator (got '${operator}'): it matches any value of its list`);
  if (!Array.isArray(value)) throw badRequest(`Invalid value for filter property '${property}' in ${at}: expected a list, got ${kind(value)}`);
  if (value.length === 0) throw badRequest(`Invalid value for filter property '${property}' in ${at}: the list is empty`);
  const values = new Set<string | number>();
  value.forEach((v, j) => {
    const bad = (expected: string) => badRequest(`Invalid value for filter property '${property}' in ${at}: item ${j} must be ${expected}, got ${JSON.stringify(v)}`);
    switch (spec.item) {
      case 'integer':
        if (!(typeof v === 'number' && Number.isSafeInteger(v))) throw bad('an integer');
        values.add(v);
        break;
      case 'string':
        if (typeof v !== 'string' || v.length === 0) throw bad('a non-empty string');
        values.add(property === 'number_list' ? normalizeNumber(v) : v);
        break;
      case 'dialog_type':
        if (typeof v !== 'string' || !(DIALOG_TYPES as readonly string[]).includes(v)) throw bad(`one of ${DIALOG_TYPES.join(', ')}`);
        values.add(v);
        break;
    }
  });
  return { property: property as ListProperty, values };
}

function validTime(s: string): boolean {
  const m = TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && se < 60;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Numbers compare by their digits: "+48 123 456" is "48123456". A value without digits stays as it is. */
export function normalizeNumber(n: string): string {
  const digits = n.replace(/\D/g, '');
  return digits.length > 0 ? digits : n;
}

function compare(op: Operator, a: number | string, b: number | string): boolean {
  switch (op) {
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'eq':
      return a === b;
  }
}

/** Whether a dialog passes every filter. */
export function matches(target: FilterTarget, filters: readonly Filter[]): boolean {
  for (const f of filters) if (!matchOne(target, f)) return false;
  return true;
}

function matchOne({ dialog: d, callRequestAgentId }: FilterTarget, f: Filter): boolean {
  switch (f.property) {
    // The fixed-width UTC format orders as text exactly as in time.
    case 'start_time':
      return compare(f.operator, d.start_time, f.value);
    case 'hangup_time':
      return compare(f.operator, d.hangup_time, f.value);
    case 'talking_time':
      return compare(f.operator, d.talking_time, f.value);
    case 'number_list': {
      const numbers = [d.from_display_target, d.to_display_target, d.anonymous?.display_name];
      return numbers.some((n) => n !== undefined && f.values.has(normalizeNumber(n)));
    }
    case 'project_id_list':
      return d.project_id_list.some((id) => f.values.has(id));
    case 'tenant_user_id_list':
      return d.tenant_user !== null && f.values.has(d.tenant_user.id);
    case 'custom_tag_id_list':
      return d.custom_tag_id_list.some((id) => f.values.has(id));
    case 'operator_call_id_list':
      return d.operator_call_id !== null && f.values.has(d.operator_call_id);
    case 'dialog_type_list':
      return f.values.has(d.dialog_type);
    case 'call_request_agent_id_list':
      return callRequestAgentId !== null && f.values.has(callRequestAgentId);
  }
}
