// The sandbox PSA's side of a period reconciliation: what it approved (time, expenses, completed
// milestones) from its activity feed, and what it holds of the ERP's invoices and payments per project.
// The PSA has no listing of time or expenses, so the feed is read from the start; each approval counts in
// its latest state. Amounts are what Ledgerline would post: hours x bill rate and hours x the consultant's
// cost rate, rounded once per line (domain/money.ts). One small mapping function per record kind.
import { extend } from '../../domain/money.ts';
import type { CoveredReader } from '../../reconcile/covered-reader.ts';
import type { ReconRecord } from '../../reconcile/record.ts';
import { compileChecker } from '../kit/schema-checker.ts';
import { JsonHttp } from '../kit/json-http.ts';
import { ActivitiesClient } from './client/activities-client.ts';
import { canonicalId } from './client/canonical-ids.ts';
import { parseActivity, type ApprovedTimeEntry } from './client/parse-activity.ts';
import type { ApprovedExpense, CompletedMilestone } from './client/parse-delivery.ts';
import { VendorInvoice, VendorPayment } from './vendor/billing-records.ts';
import type { VendorProject } from './vendor/schemas.ts';
import { Type } from '@sinclair/typebox';

const pageSize = 1000;
const checkInvoices = compileChecker(Type.Object({ invoices: Type.Array(VendorInvoice) }));
const checkPayments = compileChecker(Type.Object({ payments: Type.Array(VendorPayment) }));

interface CostRate {
  readonly amount: string;
  readonly currency: string;
}

/** What the feed says, gathered before any record is written (a project may activate after its time). */
interface FeedState {
  readonly projects: Map<string, VendorProject>;
  readonly costRates: Map<string, CostRate>;
  readonly entries: Map<number, { entry: ApprovedTimeEntry; costRate: CostRate | undefined }>;
  readonly expenses: Map<string, ApprovedExpense>;
  readonly milestones: Map<string, CompletedMilestone>;
}

function entityOf(state: FeedState, projectId: string): string {
  return state.projects.get(projectId)?.company ?? '';
}

export function billableTimeRecord(system: string, entry: ApprovedTimeEntry, entity: string): ReconRecord {
  const base = {
    type: 'billable-time' as const,
    ref: canonicalId('time', system, entry.id),
    entity,
    project: canonicalId('project', system, entry.project_id),
    date: entry.spent_on,
    hours: entry.hours,
    currency: entry.currency,
    id: String(entry.id),
  };
  // A PSA that did not price the entry leaves it to the rate card: the amount is unknown here, not zero.
  return entry.bill_rate === null
    ? { ...base, amount: '0', amountUnknown: true }
    : { ...base, amount: extend(entry.hours, { amount: entry.bill_rate, currency: entry.currency }).amount };
}

export function costRecord(
  system: string,
  entry: ApprovedTimeEntry,
  entity: string,
  costRate: CostRate | undefined,
): ReconRecord {
  const base = {
    type: 'cost' as const,
    ref: canonicalId('time', system, entry.id),
    entity,
    project: canonicalId('project', system, entry.project_id),
    date: entry.spent_on,
    hours: entry.hours,
    id: String(entry.id),
  };
  return costRate === undefined
    ? { ...base, amount: '0', currency: entry.currency, amountUnknown: true }
    : { ...base, ...extend(entry.hours, costRate) };
}

export function expenseRecord(system: string, expense: ApprovedExpense, entity: string): ReconRecord {
  return {
    type: 'expense',
    ref: canonicalId('expense', system, expense.id),
    entity,
    project: canonicalId('project', system, expense.project_id),
    date: expense.spent_on,
    amount: expense.amount,
    currency: expense.currency,
    id: expense.id,
  };
}

/** The billing item a completed milestone releases (pipeline/decide/milestone-completed.ts names it so). */
export function milestoneRecord(system: string, milestone: CompletedMilestone, entity: string): ReconRecord {
  return {
    type: 'milestone-billing',
    ref: `billing-schedule-item:${system}:${milestone.id}`,
    entity,
    project: canonicalId('project', system, milestone.project_id),
    date: milestone.completed_on,
    amount: milestone.amount,
    currency: milestone.currency,
    id: milestone.id,
  };
}

export function invoiceRecord(system: string, invoice: VendorInvoice, entity: string): ReconRecord {
  return {
    type: 'invoice',
    ref: invoice.invoice_number,
    entity,
    project: canonicalId('project', system, invoice.project_id),
    date: invoice.issued_on,
    amount: invoice.gross,
    currency: invoice.currency,
    id: invoice.id,
  };
}

/** A payment the ERP reversed no longer counts: its posting and a reversal, netting to nothing. */
export function paymentRecords(payment: VendorPayment, entity: string): ReconRecord[] {
  const record: ReconRecord = {
    type: 'payment',
    ref: payment.payment_ref,
    entity,
    project: '',
    date: payment.received_on,
    amount: payment.amount,
    currency: payment.currency,
    id: payment.id,
  };
  if (payment.status !== 'reversed') return [record];
  return [
    record,
    {
      ...record,
      amount: payment.amount.startsWith('-') ? payment.amount.slice(1) : `-${payment.amount}`,
      reversal: true,
    },
  ];
}

export function createSandboxPsaReconciliationReader(options: {
  readonly system: string;
  readonly baseUrl: string;
  readonly timeoutMs?: number;
}): CoveredReader {
  const { system } = options;
  const feed = new ActivitiesClient(options.baseUrl);
  const http = new JsonHttp(options.baseUrl, { timeoutMs: options.timeoutMs ?? 30_000, connections: 4 });

  async function readFeed(): Promise<FeedState> {
    const state: FeedState = {
      projects: new Map(),
      costRates: new Map(),
      entries: new Map(),
      expenses: new Map(),
      milestones: new Map(),
    };
    let after = 0;
    for (;;) {
      const page = await feed.fetchPage(after, pageSize);
      for (const raw of page.activities) {
        const parsed = parseActivity(raw);
        // The connector skips what it cannot read too; the pipeline dead-letters nothing it never saw.
        if (!parsed.ok) continue;
        const a = parsed.activity;
        if (a.kind === 'project.activated') state.projects.set(a.project.id, a.project);
        else if (a.kind === 'user.updated')
          state.costRates.set(a.user.id, { amount: a.user.cost_rate, currency: a.user.cost_currency });
        else if (a.kind === 'time_entry.approved')
          // Costed at the consultant's rate when approved, as the pipeline decides it then.
          state.entries.set(a.entry.id, { entry: a.entry, costRate: state.costRates.get(a.entry.user_id) });
        else if (a.kind === 'expense.approved') state.expenses.set(a.expense.id, a.expense);
        else if (a.kind === 'milestone.completed') state.milestones.set(a.milestone.id, a.milestone);
      }
      if (!page.has_more) return state;
      after = page.next_after;
    }
  }

  async function getJson<T>(
    path: string,
    check: (body: unknown) => { ok: true; value: T } | { ok: false; errors: string[] },
  ): Promise<T> {
    const outcome = await http.request('GET', path, {});
    if (outcome.kind !== 'response') throw new Error(`GET ${path} on ${system} failed: ${outcome.message}`);
    if (outcome.status !== 200) throw new Error(`GET ${path} on ${system} answered ${outcome.status}`);
    const checked = check(outcome.body);
    if (!checked.ok) throw new Error(`GET ${path} on ${system}: ${checked.errors.join('; ')}`);
    return checked.value;
  }

  return {
    system,
    types: ['billable-time', 'cost', 'expense', 'milestone-billing', 'invoice', 'payment'],
    async *read(scope) {
      const state = await readFeed();
      const inScope = (r: ReconRecord) =>
        r.date.startsWith(scope.period) && (scope.entity === undefined || r.entity === scope.entity);
      const records: ReconRecord[] = [];
      for (const { entry, costRate } of state.entries.values()) {
        const entity = entityOf(state, entry.project_id);
        if (entry.billable) records.push(billableTimeRecord(system, entry, entity));
        records.push(costRecord(system, entry, entity, costRate ?? state.costRates.get(entry.user_id)));
      }
      for (const e of state.expenses.values())
        records.push(expenseRecord(system, e, entityOf(state, e.project_id)));
      for (const m of state.milestones.values())
        records.push(milestoneRecord(system, m, entityOf(state, m.project_id)));
      yield* records.filter(inScope);
      for (const project of state.projects.values()) {
        const segment = encodeURIComponent(project.id);
        const entity = project.company ?? '';
        const { invoices } = await getJson(`/api/v2/projects/${segment}/invoices`, checkInvoices);
        yield* invoices.map((i) => invoiceRecord(system, i, entity)).filter(inScope);
        const { payments } = await getJson(`/api/v2/projects/${segment}/payments`, checkPayments);
        yield* payments.flatMap((p) => paymentRecords(p, entity)).filter(inScope);
      }
    },
    async close() {
      await Promise.all([feed.close(), http.close()]);
    },
  };
}
