// Tryton's periods and rates as a feed. Tryton has no change log, so each pull first takes a cheap mark of
// both tables (how many records, the newest id, the latest write): while it is the one the cursor holds,
// nothing changed and nothing is read. When it moved, every fact is derived again from the whole tables
// (a company-currency rate changes every cross rate after it) and stated in pages of `limit`; the source
// memory, when the connector has one, keeps only facts whose value changed. Without one, facts already
// stated come again under the same event ids and the intake drops them as duplicates.
import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '../../contracts/index.ts';
import { checkCanonical } from '../kit/check-canonical.ts';
import type { MemoryChange, SourceMemory } from '../kit/connector.ts';
import { fromDateTime } from './codec.ts';
import { readFxFacts } from './fx-rates.ts';
import type { ReferenceFact } from './map-reference.ts';
import { periodDomain, readPeriodFacts } from './periods.ts';
import { rows, WrittenRow } from './records.ts';
import type { Books } from './setup.ts';

/** How far the statement of one mark has gone: `next` is the first fact not yet stated, null = all. */
export interface ReferenceCursor {
  readonly mark: string;
  readonly next: number | null;
}

export interface ReferencePage {
  readonly events: CanonicalEvent[];
  readonly remember: MemoryChange[];
  readonly cursor: ReferenceCursor;
}

async function tableMark(books: Books, model: string, domain: unknown[]): Promise<string> {
  const count = await books.rpc.model(model, 'search_count', domain);
  const [newest] = await books.rpc.modelChecked(
    rows(WrittenRow),
    model,
    'search_read',
    domain,
    0,
    1,
    [['id', 'DESC']],
    ['write_date'],
  );
  const [written] = await books.rpc.modelChecked(
    rows(WrittenRow),
    model,
    'search_read',
    domain,
    0,
    1,
    [
      ['write_date', 'DESC'],
      ['id', 'DESC'],
    ],
    ['write_date'],
  );
  const latest = written?.write_date == null ? '' : fromDateTime(written.write_date);
  return `${String(count)}/${String(newest?.id ?? 0)}/${latest}`;
}

/** Changes whenever a period or a rate is created, written or deleted. */
export async function referenceMark(books: Books): Promise<string> {
  const periods = await tableMark(books, 'account.period', periodDomain(books));
  const rates = await tableMark(books, 'currency.currency.rate', []);
  return createHash('sha256').update(`${periods}|${rates}`).digest('base64url').slice(0, 22);
}

async function unchanged(
  memory: SourceMemory | undefined,
  facts: readonly ReferenceFact[],
): Promise<Set<ReferenceFact>> {
  const same = new Set<ReferenceFact>();
  if (memory === undefined) return same;
  for (const kind of ['accounting-period', 'fx-rate'] as const) {
    const ofKind = facts.filter((f) => f.kind === kind);
    if (ofKind.length === 0) continue;
    const known = await memory.recall(
      kind,
      ofKind.map((f) => f.nativeId),
    );
    for (const fact of ofKind) if (known.get(fact.nativeId)?.fingerprint === fact.fingerprint) same.add(fact);
  }
  return same;
}

/**
 * The next page of facts to state after `after`, or undefined when the mark has not moved since every
 * fact of it was stated.
 */
export async function referencePage(
  books: Books,
  memory: SourceMemory | undefined,
  after: ReferenceCursor | undefined,
  limit: number,
  report: (message: string) => void,
): Promise<ReferencePage | undefined> {
  const mark = await referenceMark(books);
  if (after?.mark === mark && after.next === null) return undefined;
  const start = after?.mark === mark ? (after.next ?? 0) : 0;
  const facts = [...(await readPeriodFacts(books, report)), ...(await readFxFacts(books, report))];
  const slice = facts.slice(start, start + limit);
  const same = await unchanged(memory, slice);
  const events: CanonicalEvent[] = [];
  const remember: MemoryChange[] = [];
  for (const fact of slice) {
    if (same.has(fact)) continue;
    const checked = checkCanonical(fact.event, `Tryton ${fact.kind} ${fact.nativeId}`);
    if (!checked.ok) {
      report(checked.message);
      continue;
    }
    if (checked.event !== undefined) events.push(checked.event);
    remember.push({
      op: 'set',
      kind: fact.kind,
      nativeId: fact.nativeId,
      fingerprint: fact.fingerprint,
      scope: books.legalEntityId,
    });
  }
  const end = start + slice.length;
  return { events, remember, cursor: { mark, next: end >= facts.length ? null : end } };
}
