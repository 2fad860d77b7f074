// Harvest as a source: users (cost rates), projects, approved time entries, approved expenses, in that
// order (what a posting waits for comes first), each listed with `updated_since`, `page` and `per_page`
// until Harvest's `next_page` is null. The cursor keeps, per list, the newest `updated_at` already read
// and the page of the current pass; records updated at that instant come again under the same event ids.
import { collectEvents } from '../kit/collect-events.ts';
import type { PulledPage } from '../kit/connector.ts';
import { SourceRequestRejectedError } from '../kit/source-errors.ts';
import { sourceBodyOf } from '../kit/source-outcome.ts';
import type { HarvestHttp } from './client/harvest-http.ts';
import {
  expenseEvent,
  projectEvent,
  resourceEvent,
  timeEvent,
  type HarvestMapping,
  type Mapped,
} from './map-events.ts';
import { page, parseExpense, parseProject, parseTimeEntry, parseUser } from './vendor/wire.ts';

const LISTS = ['users', 'projects', 'time_entries', 'expenses'] as const;
type List = (typeof LISTS)[number];

interface Cursor {
  readonly list: List;
  readonly page: number;
  readonly since: Readonly<Partial<Record<List, string>>>;
  readonly newest: string;
}

const START: Cursor = { list: 'users', page: 1, since: {}, newest: '' };

function decode(text: string | undefined): Cursor {
  if (text === undefined) return START;
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (LISTS.includes(c.list) && Number.isInteger(c.page) && c.page >= 1) return c;
  } catch {
    // fall through
  }
  throw new SourceRequestRejectedError(`not a Harvest cursor: ${text}`, 400);
}

const encode = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function read(
  list: List,
  body: unknown,
  m: HarvestMapping,
): { mapped: Mapped[]; updated: string[]; nextPage: number | undefined } {
  const of = <T extends { updatedAt: string }>(
    p: { records: readonly T[]; nextPage: number | undefined },
    map: (r: T) => Mapped,
  ) => ({
    mapped: p.records.map(map),
    updated: p.records.map((r) => r.updatedAt),
    nextPage: p.nextPage,
  });
  switch (list) {
    case 'users':
      return of(page(body, 'users', parseUser), (r) => resourceEvent(r, m));
    case 'projects':
      return of(page(body, 'projects', parseProject), (r) => projectEvent(r, m));
    case 'time_entries':
      return of(page(body, 'time_entries', parseTimeEntry), (r) => timeEvent(r, m));
    case 'expenses':
      return of(page(body, 'expenses', parseExpense), (r) => expenseEvent(r, m));
  }
}

export async function pullHarvest(
  http: HarvestHttp,
  mapping: HarvestMapping,
  onSkipped: (message: string) => void,
  cursorText: string | undefined,
  limit: number,
): Promise<PulledPage> {
  const cursor = decode(cursorText);
  const since = cursor.since[cursor.list];
  const outcome = await http.send({
    method: 'GET',
    path: `/${cursor.list}`,
    query: {
      page: String(cursor.page),
      // Harvest's per_page is 1 to 2000.
      per_page: String(Math.min(Math.max(1, limit), 2000)),
      ...(since === undefined ? {} : { updated_since: since }),
    },
  });
  const body = sourceBodyOf(outcome, 'harvest', 400);
  const { mapped, updated, nextPage } = read(cursor.list, body, mapping);
  const events = collectEvents(mapped, onSkipped);
  // ISO instants in UTC compare as text.
  const newest = [cursor.newest, ...updated].reduce((a, b) => (b > a ? b : a), '');
  if (nextPage !== undefined)
    return { events, nextCursor: encode({ ...cursor, page: nextPage, newest }), hasMore: true };
  const done = { ...cursor.since, ...(newest === '' ? {} : { [cursor.list]: newest }) };
  const at = LISTS.indexOf(cursor.list);
  const following = LISTS[at + 1];
  if (following === undefined)
    return {
      events,
      nextCursor: encode({ list: 'users', page: 1, since: done, newest: '' }),
      hasMore: false,
    };
  return { events, nextCursor: encode({ list: following, page: 1, since: done, newest: '' }), hasMore: true };
}
