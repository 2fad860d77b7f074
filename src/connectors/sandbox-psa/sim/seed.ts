// Loads a firm into the store and publishes its history (see seed-order.ts). All-or-nothing: the firm is
// fully checked before anything is stored.
import { Firm, type FirmProject } from '../firm.ts';
import type { VendorProject } from '../vendor/schemas.ts';
import { compileChecker } from '../vendor/validator.ts';
import { checkFirm } from './check-firm.ts';
import { checkInput } from './check-input.ts';
import { seedOrder } from './seed-order.ts';
import type { PsaStore } from './store.ts';

export interface SeedSummary {
  readonly users: number;
  readonly projects: number;
  readonly time_entries: number;
  readonly activities: number;
  readonly last_seq: number;
}

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
  };
}

export function seedFirm(store: PsaStore, body: unknown, now: string): SeedSummary {
  const firm = checkInput(checkFirmShape, body, 'firm');
  checkFirm(firm, store);

  for (const c of firm.companies) store.companies.set(c.code, c);
  for (const u of firm.users) store.users.set(u.id, u);
  const records = new Map(firm.projects.map((p) => [p.id, projectRecord(p)]));
  for (const [id, p] of records) store.projects.set(id, p);
  for (const e of firm.time_entries) store.entries.set(e.id, e);

  const before = store.activities.length;
  for (const step of seedOrder(firm)) {
    if (step.kind === 'user.updated') store.publish('user.updated', step.user, now);
    else if (step.kind === 'time_entry.approved')
      store.publish('time_entry.approved', step.entry, step.entry.approved_at ?? now);
    else store.publish('project.activated', records.get(step.project.id) ?? projectRecord(step.project), now);
  }
  store.changed();
  return {
    users: firm.users.length,
    projects: firm.projects.length,
    time_entries: firm.time_entries.length,
    activities: store.activities.length - before,
    last_seq: store.activities.length,
  };
}
