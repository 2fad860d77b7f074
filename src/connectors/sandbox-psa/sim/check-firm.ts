// The rules a schema cannot express: ids unique (also against what is already loaded), references
// resolve, currencies are real, rates present exactly on billable time, approvals complete (delivery
// records: check-firm-delivery.ts). Duplicates are a conflict (409); the rest makes the firm
// unprocessable (422).
import type { Firm } from '../firm.ts';
import { hoursToDecimal } from '../vendor/hours.ts';
import { checkFirmDelivery } from './check-firm-delivery.ts';
import { SandboxPsaError } from './errors.ts';
import { isKnownCurrency } from './known-currency.ts';
import type { PsaStore } from './store.ts';

const MAX_REPORTED = 20;

export function checkFirm(firm: Firm, store: PsaStore): void {
  const conflicts: string[] = [];
  const problems: string[] = [];
  const currency = (where: string, code: string | null | undefined): void => {
    if (code != null && !isKnownCurrency(code)) problems.push(`${where}: unknown currency "${code}"`);
  };

  const companies = new Map(store.companies);
  firm.companies.forEach((c, i) => {
    const existing = companies.get(c.code);
    const same =
      existing?.name === c.name && existing.country === c.country && existing.currency === c.currency;
    if (existing && !same)
      conflicts.push(`/companies/${i}: company ${c.code} already exists with other details`);
    companies.set(c.code, c);
    currency(`/companies/${i}`, c.currency);
  });

  const users = new Set(store.users.keys());
  firm.users.forEach((u, i) => {
    if (users.has(u.id)) conflicts.push(`/users/${i}: user ${u.id} already exists`);
    users.add(u.id);
    currency(`/users/${i}`, u.cost_currency);
  });

  const projectCurrency = new Map<string, string | null | undefined>();
  for (const [id, p] of store.projects) projectCurrency.set(id, p.currency);
  firm.projects.forEach((p, i) => {
    if (projectCurrency.has(p.id)) conflicts.push(`/projects/${i}: project ${p.id} already exists`);
    projectCurrency.set(p.id, p.currency);
    if (p.company != null && !companies.has(p.company))
      problems.push(`/projects/${i}: unknown company "${p.company}"`);
    currency(`/projects/${i}`, p.currency);
  });

  const entryIds = new Set<number>();
  firm.time_entries.forEach((e, i) => {
    const at = `/time_entries/${i}`;
    if (store.entries.has(e.id) || entryIds.has(e.id))
      conflicts.push(`${at}: time entry ${e.id} already exists`);
    entryIds.add(e.id);
    if (!users.has(e.user_id)) problems.push(`${at}: unknown user "${e.user_id}"`);
    const projectCcy = projectCurrency.get(e.project_id);
    if (!projectCurrency.has(e.project_id)) problems.push(`${at}: unknown project "${e.project_id}"`);
    else if (projectCcy != null && projectCcy !== e.currency)
      problems.push(`${at}: currency ${e.currency} differs from the project's ${projectCcy}`);
    currency(at, e.currency);
    if (hoursToDecimal(e.hours) === undefined) problems.push(`${at}/hours: must have at most 2 decimals`);
    if (e.billable !== (e.bill_rate !== null))
      problems.push(`${at}/bill_rate: must be set exactly when the entry is billable`);
    const approved = e.status === 'approved';
    if (approved !== (e.approved_at !== null) || approved !== (e.approved_by !== null))
      problems.push(`${at}: approved_at and approved_by must be set exactly when approved`);
    if (e.approved_by !== null && !users.has(e.approved_by))
      problems.push(`${at}/approved_by: unknown user "${e.approved_by}"`);
  });

  checkFirmDelivery(
    firm,
    store,
    {
      hasUser: (id) => users.has(id),
      hasCompany: (code) => companies.has(code),
      projectCurrency: (id) => (projectCurrency.has(id) ? (projectCurrency.get(id) ?? null) : undefined),
    },
    conflicts,
    problems,
  );

  if (conflicts.length > 0)
    throw new SandboxPsaError('conflict', 'the firm reuses existing ids', conflicts.slice(0, MAX_REPORTED));
  if (problems.length > 0)
    throw new SandboxPsaError('unprocessable', 'the firm is inconsistent', problems.slice(0, MAX_REPORTED));
}
