// The business views, computed from the events the store holds: approved time not yet posted or not yet
// invoiced, expenses refused by reason, projects whose set-up failed, and how long invoices take to reach
// the PSA per legal entity. Hours are summed as decimals, never as floats.
import type { CanonicalEvent } from '../../contracts/index.ts';
import { sumDecimals } from '../../domain/money.ts';
import type { StoredEvent } from '../../store/port.ts';
import type { EventFacts } from './event-facts.ts';
import { summarize, type LatencySummary } from './percentiles.ts';

type Facts = (event: CanonicalEvent) => EventFacts;

function field(data: unknown, name: string): string | undefined {
  const value =
    typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

const entityOf = (facts: Facts, e: StoredEvent) => facts(e.event).entity ?? '(unknown)';

/**
 * How posted time is known to be invoiced: by the time entries an invoice's lines name (when the ERP keeps
 * that link), else by an invoice of the entry's project issued on or after its work date, else not at all.
 */
export type InvoiceLinks = 'time-entries' | 'project-and-date' | 'none';

export function invoiceCoverage(invoices: readonly StoredEvent[]): {
  readonly links: InvoiceLinks;
  readonly invoiced: (timeId: string, projectId: string | undefined, workDate: string | undefined) => boolean;
} {
  const ids = new Set<string>();
  const lastIssued = new Map<string, string>();
  for (const invoice of invoices) {
    const data = invoice.event.data as {
      lines?: { timeEntryIds?: string[] }[];
      projectId?: string;
      issueDate?: string;
    };
    for (const line of data.lines ?? []) for (const id of line.timeEntryIds ?? []) ids.add(id);
    if (data.projectId !== undefined && data.issueDate !== undefined) {
      const before = lastIssued.get(data.projectId);
      // ISO dates compare as strings.
      if (before === undefined || data.issueDate > before) lastIssued.set(data.projectId, data.issueDate);
    }
  }
  if (ids.size > 0) return { links: 'time-entries', invoiced: (id) => ids.has(id) };
  if (lastIssued.size > 0)
    return {
      links: 'project-and-date',
      invoiced: (_id, project, workDate) => {
        const issued = project === undefined ? undefined : lastIssued.get(project);
        return issued !== undefined && workDate !== undefined && workDate <= issued;
      },
    };
  return { links: 'none', invoiced: () => false };
}

export interface UnbilledBucket {
  entries: number;
  hours: string;
}

/** Billable approved time: not yet posted, posted and not yet invoiced, invoiced; per legal entity. */
export function unbilledTime(
  times: readonly StoredEvent[],
  coverage: ReturnType<typeof invoiceCoverage>,
  facts: Facts,
  now: number,
) {
  const groups = new Map<string, Record<'notPosted' | 'postedNotInvoiced' | 'invoiced', string[]>>();
  const waiting: StoredEvent[] = [];
  for (const t of times) {
    // Time nobody bills is never unbilled.
    if ((t.event.data as { billable?: unknown }).billable !== true) continue;
    const entity = entityOf(facts, t);
    const group = groups.get(entity) ?? { notPosted: [], postedNotInvoiced: [], invoiced: [] };
    const hours = field(t.event.data, 'hours') ?? '0';
    if (t.state !== 'completed') {
      group.notPosted.push(hours);
      waiting.push(t);
    } else if (
      coverage.invoiced(t.event.subject, field(t.event.data, 'projectId'), field(t.event.data, 'workDate'))
    )
      group.invoiced.push(hours);
    else group.postedNotInvoiced.push(hours);
    groups.set(entity, group);
  }
  const bucket = (hours: readonly string[]): UnbilledBucket => ({
    entries: hours.length,
    hours: sumDecimals(hours, 2),
  });
  return {
    invoiceLinks: coverage.links,
    entities: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([entity, g]) => ({
        entity,
        billable: bucket([...g.notPosted, ...g.postedNotInvoiced, ...g.invoiced]),
        notPosted: bucket(g.notPosted),
        postedNotInvoiced: bucket(g.postedNotInvoiced),
        invoiced: bucket(g.invoiced),
      })),
    notPosted: waiting
      .sort((a, b) => a.receivedAt - b.receivedAt)
      .slice(0, 100)
      .map((t) => ({
        subject: t.event.subject,
        entity: entityOf(facts, t),
        state: t.state,
        reason: t.reason ?? t.reasonCode,
        workDate: field(t.event.data, 'workDate') ?? null,
        hours: field(t.event.data, 'hours') ?? '0',
        ageMs: Math.max(0, now - t.receivedAt),
      })),
  };
}

/** Refused events grouped by reason code, with the legal entities they came from. */
export function failuresByReason(failed: readonly StoredEvent[], facts: Facts) {
  const byReason = new Map<string, { count: number; entities: Record<string, number> }>();
  for (const e of failed) {
    const reason = e.reasonCode ?? '(none)';
    const entry = byReason.get(reason) ?? { count: 0, entities: {} };
    const entity = entityOf(facts, e);
    entry.count += 1;
    entry.entities[entity] = (entry.entities[entity] ?? 0) + 1;
    byReason.set(reason, entry);
  }
  return [...byReason.entries()]
    .sort(([, a], [, b]) => b.count - a.count)
    .map(([reasonCode, v]) => ({ reasonCode, ...v }));
}

export function failureItems(
  failed: readonly StoredEvent[],
  facts: Facts,
  fixed: (e: StoredEvent) => boolean,
) {
  return failed.slice(0, 200).map((e) => ({
    seq: e.seq,
    subject: e.event.subject,
    entity: entityOf(facts, e),
    state: e.state,
    reasonCode: e.reasonCode,
    reason: e.reason,
    receivedAt: new Date(e.receivedAt).toISOString(),
    fixedSince: fixed(e),
  }));
}

export function invoiceDelays(invoices: readonly StoredEvent[], facts: Facts, now: number) {
  const byEntity = new Map<string, { done: number[]; pending: number[] }>();
  for (const i of invoices) {
    const entity = entityOf(facts, i);
    const entry = byEntity.get(entity) ?? { done: [], pending: [] };
    if (i.state === 'completed' && i.completedAt !== null) entry.done.push(i.completedAt - i.receivedAt);
    else entry.pending.push(now - i.receivedAt);
    byEntity.set(entity, entry);
  }
  return [...byEntity.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([entity, v]): {
        entity: string;
        delivered: LatencySummary;
        pending: number;
        oldestPendingMs: number | null;
      } => ({
        entity,
        delivered: summarize(v.done),
        pending: v.pending.length,
        oldestPendingMs: v.pending.length === 0 ? null : Math.max(...v.pending),
      }),
    );
}
