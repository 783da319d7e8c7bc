/**
 * The date filters and paging that Telphin's lists share (call history, recordings): start_datetime and
 * end_datetime as its clients write them ('YYYY-MM-DD HH:MM:SS', GMT; unpadded, with a fraction of a
 * second, or a date alone), both ends included to the second; page, per_page and order.
 */
import { badRequest } from '../errors.js';

interface RangeQuery {
  start_datetime?: string;
  end_datetime?: string;
}

interface PageQuery {
  page?: number;
  per_page?: number;
  order?: 'asc' | 'desc';
}

/** Epoch ms of a time as the clients send it, or null when it is no date (2026-02-30, 25:00). */
export function parseTelphinTime(raw: string): number | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?$/.exec(raw);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== s) return null;
  return ms;
}

/** Whether an epoch-ms moment is within the query's range, compared to the second as the times are shown. */
export function timeRange(q: RangeQuery): { holds(epochMs: number): boolean } {
  const read = (name: 'start_datetime' | 'end_datetime') => {
    const raw = q[name];
    if (raw === undefined) return null;
    const ms = parseTelphinTime(raw);
    if (ms === null) throw badRequest(`Invalid parameter '${name}': '${raw}' is not a date and time (YYYY-MM-DD HH:MM:SS, GMT)`);
    return Math.floor(ms / 1000);
  };
  const from = read('start_datetime');
  const to = read('end_datetime');
  if (from !== null && to !== null && to < from) throw badRequest(`Invalid parameter 'end_datetime': ${q.end_datetime} is before start_datetime ${q.start_datetime}`);
  return {
    holds(epochMs: number) {
      const sec = Math.floor(epochMs / 1000);
      return (from === null || sec >= from) && (to === null || sec <= to);
    },
  };
}

/** A page of `items` (already in ascending order): `order` desc reverses them; page from 1. */
export function pageOf<T>(items: T[], q: PageQuery, defaultPerPage: number): { page: number; perPage: number; order: 'asc' | 'desc'; items: T[] } {
  const order = q.order ?? 'asc';
  const page = q.page ?? 1;
  const perPage = q.per_page ?? defaultPerPage;
  const ordered = order === 'desc' ? items.slice().reverse() : items;
  return { page, perPage, order, items: ordered.slice((page - 1) * perPage, page * perPage) };
}
