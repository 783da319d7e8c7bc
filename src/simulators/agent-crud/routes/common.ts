/**
 * What every route needs: integer ids from the path resolved to this view's records (400 for a
 * malformed id, 404 for an unknown one, both naming `id`), paging, the ccsim extension flag
 * `includeDeleted`, and the context the mappers read.
 */
import type { AgentCrudAdapter } from '../adapter.js';
import type { MapContext } from '../mapper.js';
import { invalidField, notFoundField } from '../errors.js';
import type { AgentRecord, QueueRecord } from '../registry.js';
import { ref } from '../schema.js';

export interface RouteOptions {
  adapter: AgentCrudAdapter;
  /** The served prefix, for Location headers (not named `prefix`: Fastify would prefix the routes again). */
  base: string;
}

export const tags = ['agent-crud'];
export const errors = { '4xx': ref('ProblemDetails'), '5xx': ref('ProblemDetails') };
export const idParams = { type: 'object', properties: { id: { type: 'string' } } };

export function context(adapter: AgentCrudAdapter): MapContext {
  return {
    registry: adapter.registry,
    epochMs: (t) => adapter.epochMs(t),
    agentView: (id) => adapter.agentView(id),
    queueView: (id) => adapter.queueView(id),
  };
}

/** An int path id as ASP.NET binds `int id`. */
export function parseId(raw: string, field = 'id'): number {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(raw) || Number(raw) > 2147483647) throw invalidField(field, `The value '${raw}' is not valid for ${field}.`);
  return Number(raw);
}

export function agentAt(adapter: AgentCrudAdapter, raw: string): AgentRecord {
  const id = parseId(raw);
  const rec = adapter.registry.agent(id);
  if (!rec) throw notFoundField('id', `Agent ${id} not found.`);
  return rec;
}

export function queueAt(adapter: AgentCrudAdapter, raw: string): QueueRecord {
  const id = parseId(raw);
  const rec = adapter.registry.queue(id);
  if (!rec) throw notFoundField('id', `Queue ${id} not found.`);
  return rec;
}

/** One page of `items` in the list envelope, each item of the page (only) mapped by `dto`. */
export function page<T, D = T>(items: readonly T[], p: { page?: number; pageSize?: number }, dto: (item: T) => D = (x) => x as unknown as D): { items: D[]; totalCount: number; page: number; pageSize: number } {
  const pageNo = p.page ?? 1;
  const size = p.pageSize ?? 50;
  return { items: items.slice((pageNo - 1) * size, pageNo * size).map(dto), totalCount: items.length, page: pageNo, pageSize: size };
}

/** `includeDeleted` (any case), a ccsim extension: soft-deleted records are hidden from lists unless true. */
export function includeDeleted(query: unknown): boolean {
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (k.toLowerCase() !== 'includedeleted') continue;
    const value = String(Array.isArray(v) ? v[0] : v).toLowerCase();
    if (value === 'true') return true;
    if (value === 'false' || value === '') return false;
    throw invalidField('includeDeleted', `The value '${String(v)}' is not valid for includeDeleted.`);
  }
  return false;
}

/** A DateTime (an offset optional: without one it is UTC) as epoch ms; 400 naming `field` when not a real date. */
export function parseDateTime(value: string, field: string): number {
  const ms = Date.parse(/(Z|[+-][0-9]{2}:[0-9]{2})$/.test(value) ? value : `${value}Z`);
  // Date.parse rolls 31 February over into March; the service's parser refuses it.
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?/.exec(value);
  const [y, mo, d, h, mi, se] = (m ?? []).slice(1).map((x) => Number(x ?? 0));
  const real = m !== null && mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate() && h < 24 && mi < 60 && se < 60;
  if (Number.isNaN(ms) || !real) throw invalidField(field, `The ${field} field is not a valid date and time: '${value}'.`);
  return ms;
}
