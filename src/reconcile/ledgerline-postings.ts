// Ledgerline's own side of a parallel run: what it posted to the ERP, read back from the delivered outbox
// rows (their commands, with the ERP's id of each). A revision reverses the entry's last postings and
// posts its new state; a withdrawal reverses them; so the records net to what the ERP should hold.
// A release has no date of its own: it is dated when it was delivered.
import type {
  PostBillableLine,
  PostCost,
  PostExpense,
  ReleaseBillingItem,
  RevisePostedTime,
} from '../connectors/kit/commands.ts';
import { commandsOf } from '../pipeline/command-payload.ts';
import { masterKey, type DeliveryKind, type Store, type StoredDelivery } from '../store/port.ts';
import type { ReconRecord, ReconciliationReader } from './record.ts';

const postingKinds: readonly DeliveryKind[] = [
  'postTimeEntry',
  'revisePostedTime',
  'withdrawPostedTime',
  'postExpense',
  'releaseBillingItem',
];
const correctionKinds: readonly DeliveryKind[] = ['revisePostedTime', 'withdrawPostedTime'];

type Entity = (projectId: string) => string;

function negate(decimal: string): string {
  return decimal.startsWith('-') ? decimal.slice(1) : `-${decimal}`;
}

function reversalOf(r: ReconRecord): ReconRecord {
  return {
    ...r,
    amount: negate(r.amount),
    ...(r.hours === undefined ? {} : { hours: negate(r.hours) }),
    reversal: true,
  };
}

function timeRecord(
  type: 'billable-time' | 'cost',
  c: PostBillableLine | PostCost | RevisePostedTime,
  amount: { readonly amount: string; readonly currency: string },
  entity: Entity,
  id: string | undefined,
): ReconRecord {
  return {
    type,
    ref: c.timeEntryId,
    entity: entity(c.projectId),
    project: c.projectId,
    date: c.workDate,
    hours: c.hours,
    amount: amount.amount,
    currency: amount.currency,
    ...(id === undefined ? {} : { id }),
  };
}

function expenseRecord(c: PostExpense, entity: Entity, id: string | undefined): ReconRecord {
  return {
    type: 'expense',
    ref: c.expense.id,
    entity: entity(c.expense.projectId),
    project: c.expense.projectId,
    date: c.expense.incurredDate,
    amount: c.expense.amount.amount,
    currency: c.expense.amount.currency,
    ...(id === undefined ? {} : { id }),
  };
}

function releaseRecord(
  c: ReleaseBillingItem,
  entity: Entity,
  date: string,
  id: string | undefined,
): ReconRecord {
  return {
    type: 'milestone-billing',
    ref: c.billingItemId,
    entity: entity(c.projectId),
    project: c.projectId,
    date,
    amount: c.amount.amount,
    currency: c.amount.currency,
    ...(id === undefined ? {} : { id }),
  };
}

export function ledgerlinePostingsReader(
  store: Store,
  options: { readonly erpSystem: string; readonly pageSize?: number },
): ReconciliationReader {
  const limit = options.pageSize ?? 1000;
  const target = options.erpSystem;

  async function* delivered(kinds: readonly DeliveryKind[]): AsyncGenerator<StoredDelivery[]> {
    let afterSeq = 0;
    for (;;) {
      const rows = await store.listDelivered({ target, kinds, afterSeq, limit });
      if (rows.length === 0) return;
      yield rows;
      afterSeq = rows[rows.length - 1]?.seq ?? afterSeq;
    }
  }

  /** The legal entity of each project, from the master data Ledgerline keeps, loaded a page at a time. */
  async function entitiesOf(rows: readonly StoredDelivery[], known: Map<string, string>): Promise<Entity> {
    const wanted = new Set<string>();
    for (const row of rows)
      for (const c of commandsOf(row)) {
        const projectId =
          'projectId' in c ? c.projectId : c.kind === 'postExpense' ? c.expense.projectId : undefined;
        if (projectId !== undefined && !known.has(projectId)) wanted.add(projectId);
      }
    if (wanted.size > 0) {
      const context = await store.loadContext({
        xrefs: [],
        master: [...wanted].map((id) => masterKey('project', id)),
      });
      for (const id of wanted) {
        const record = context.master.get(masterKey('project', id));
        known.set(id, record?.kind === 'project' ? (record.data.legalEntityId ?? '') : '');
      }
    }
    return (projectId) => known.get(projectId) ?? '';
  }

  return {
    system: 'ledgerline',
    async *read(scope) {
      // Entries revised or withdrawn since: only theirs need their last postings remembered.
      const corrected = new Set<string>();
      for await (const rows of delivered(correctionKinds))
        for (const row of rows)
          for (const c of commandsOf(row)) if ('timeEntryId' in c) corrected.add(c.timeEntryId);
      const last = new Map<string, ReconRecord>();
      const entities = new Map<string, string>();
      const inScope = (r: ReconRecord) =>
        r.date.startsWith(scope.period) && (scope.entity === undefined || r.entity === scope.entity);

      for await (const rows of delivered(postingKinds)) {
        const entity = await entitiesOf(rows, entities);
        for (const row of rows) {
          const ids = new Map(row.externalRefs.map((r) => [r.key, r.externalId]));
          const deliveredOn = new Date(row.deliveredAt ?? 0).toISOString().slice(0, 10);
          const records: ReconRecord[] = [];
          const post = (r: ReconRecord) => {
            records.push(r);
            if (corrected.has(r.ref)) last.set(`${r.type}|${r.ref}`, r);
          };
          const reverse = (type: 'billable-time' | 'cost', ref: string) => {
            const previous = last.get(`${type}|${ref}`);
            if (!previous) return;
            records.push(reversalOf(previous));
            last.delete(`${type}|${ref}`);
          };
          for (const c of commandsOf(row)) {
            const id = ids.get(c.idempotencyKey);
            if (c.kind === 'postBillableLine') post(timeRecord('billable-time', c, c.amount, entity, id));
            else if (c.kind === 'postCost') post(timeRecord('cost', c, c.amount, entity, id));
            else if (c.kind === 'revisePostedTime') {
              reverse('billable-time', c.timeEntryId);
              reverse('cost', c.timeEntryId);
              if (c.billable) post(timeRecord('billable-time', c, c.billable.amount, entity, id));
              post(timeRecord('cost', c, c.cost.amount, entity, id));
            } else if (c.kind === 'withdrawPostedTime') {
              reverse('billable-time', c.timeEntryId);
              reverse('cost', c.timeEntryId);
            } else if (c.kind === 'postExpense') post(expenseRecord(c, entity, id));
            else if (c.kind === 'releaseBillingItem') post(releaseRecord(c, entity, deliveredOn, id));
          }
          yield* records.filter(inScope);
        }
      }
    },
  };
}
