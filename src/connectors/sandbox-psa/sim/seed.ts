// Loads a firm into the store and publishes its history (see seed-order.ts). All-or-nothing: the firm is
// fully checked before anything is stored.
import { Firm, type FirmProject } from '../firm.ts';
import type { VendorProject } from '../vendor/schemas.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { checkFirm } from './check-firm.ts';
import { checkInput } from './check-input.ts';
import { seedOrder } from './seed-order.ts';
import type { PsaStore } from './store.ts';

export interface SeedSummary {
  readonly users: number;
  readonly projects: number;
  readonly time_entries: number;
  readonly expenses: number;
  readonly milestones: number;
  readonly activities: number;
  readonly last_seq: number;
}

/** A closure is published at the end of its last working day (the sandbox knows no office hours). */
const closureInstant = (closedOn: string): string => `${closedOn}T18:00:00+00:00`;

const checkFirmShape = compileChecker(Firm);

/** The vendor record of a firm project: seeding hints dropped, missing finance fields as null. */
export function projectRecord(p: FirmProject): VendorProject {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    client_id: p.client_id,
    client_name: p.client_name,
    status: p.status,
    company: p.company ?? null,
    currency: p.currency ?? null,
    tax_treatment: p.tax_treatment ?? null,
    billing_method: p.billing_method ?? null,
    ...(p.start_date !== undefined && { start_date: p.start_date }),
    ...(p.contract_value !== undefined && { contract_value: p.contract_value }),
    ...(p.opportunity_ref !== undefined && { opportunity_ref: p.opportunity_ref }),
    ...(p.closed_on !== undefined && { closed_on: p.closed_on }),
  };
}

/** How a project looked when it was activated: a project closed since was active then. */
function activated(record: VendorProject): VendorProject {
  if (record.status !== 'closed') return record;
  const { closed_on: _closedOn, ...open } = record;
  return { ...open, status: 'active' };
}

export function seedFirm(store: PsaStore, body: unknown, now: string): SeedSummary {
  const firm = checkInput(checkFirmShape, body, 'firm');
  checkFirm(firm, store);

  for (const c of firm.companies) store.companies.set(c.code, c);
  for (const u of firm.users) store.users.set(u.id, u);
  const records = new Map(firm.projects.map((p) => [p.id, projectRecord(p)]));
  for (const [id, p] of records) store.projects.set(id, p);
  for (const e of firm.time_entries) store.entries.set(e.id, e);
  for (const c of firm.clients ?? []) store.clients.set(c.id, c);
  for (const e of firm.expenses ?? []) store.expenses.set(e.id, e);
  for (const m of firm.milestones ?? []) store.milestones.set(m.id, m);
  for (const t of firm.task_plans ?? []) store.taskPlans.set(t.project_id, t);
  for (const r of firm.rate_cards ?? []) store.rateCards.set(r.id, r);

  const before = store.activities.length;
  const record = (project: FirmProject): VendorProject => records.get(project.id) ?? projectRecord(project);
  for (const step of seedOrder(firm)) {
    switch (step.kind) {
      case 'user.updated':
        store.publish('user.updated', step.user, now);
        break;
      case 'rate_card.changed':
        store.publish('rate_card.changed', step.card, now);
        break;
      case 'project.activated':
        store.publish('project.activated', activated(record(step.project)), now);
        break;
      case 'task_plan.changed':
        store.publish('task_plan.changed', step.plan, now);
        break;
      case 'time_entry.approved':
        store.publish('time_entry.approved', step.entry, step.entry.approved_at ?? now);
        break;
      case 'expense.approved':
      case 'expense.rejected':
        store.publish(step.kind, step.expense, step.expense.reviewed_at ?? now);
        break;
      case 'milestone.completed':
        store.publish('milestone.completed', step.milestone, step.milestone.completed_at ?? now);
        break;
      case 'project.closed':
        store.publish('project.closed', record(step.project), closureInstant(step.project.closed_on ?? ''));
        break;
    }
  }
  store.changed();
  return {
    users: firm.users.length,
    projects: firm.projects.length,
    time_entries: firm.time_entries.length,
    expenses: firm.expenses?.length ?? 0,
    milestones: firm.milestones?.length ?? 0,
    activities: store.activities.length - before,
    last_seq: store.activities.length,
  };
}
