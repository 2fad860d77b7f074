// The two workflow steps the admin API drives by hand: finance completing a project's setup (which the PSA
// publishes as a fresh activation) and a manager approving submitted time.
import { Type, type Static } from '@sinclair/typebox';
import {
  BillingMethod,
  CompanyCode,
  CurrencyCode,
  Instant,
  TaxTreatment,
  UserId,
  type VendorProject,
  type VendorTimeEntry,
} from '../vendor/schemas.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { checkInput } from './check-input.ts';
import { SandboxPsaError } from './errors.ts';
import { isKnownCurrency } from './known-currency.ts';
import type { PsaStore } from './store.ts';

export const ProjectSetup = Type.Object(
  {
    company: Type.Optional(CompanyCode),
    currency: Type.Optional(CurrencyCode),
    tax_treatment: Type.Optional(TaxTreatment),
    billing_method: Type.Optional(BillingMethod),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProjectSetup = Static<typeof ProjectSetup>;

export const Approval = Type.Object(
  { approved_by: UserId, approved_at: Type.Optional(Instant) },
  { additionalProperties: false },
);
export type Approval = Static<typeof Approval>;

const checkSetup = compileChecker(ProjectSetup);
const checkApproval = compileChecker(Approval);

export function completeProjectSetup(
  store: PsaStore,
  projectId: string,
  body: unknown,
  now: string,
): VendorProject {
  const setup = checkInput(checkSetup, body, 'project setup');
  const project = store.projects.get(projectId);
  if (!project) throw new SandboxPsaError('not_found', `no project ${projectId}`);
  if (project.status === 'closed') throw new SandboxPsaError('conflict', `project ${projectId} is closed`);
  if (setup.company !== undefined && !store.companies.has(setup.company))
    throw new SandboxPsaError('unprocessable', `unknown company "${setup.company}"`);
  if (setup.currency !== undefined) {
    if (!isKnownCurrency(setup.currency))
      throw new SandboxPsaError('unprocessable', `unknown currency "${setup.currency}"`);
    for (const e of store.entries.values())
      if (e.project_id === projectId && e.currency !== setup.currency)
        throw new SandboxPsaError(
          'conflict',
          `project ${projectId} already has time priced in ${e.currency} (entry ${e.id})`,
        );
  }
  const updated: VendorProject = { ...project, ...setup, status: 'active' };
  store.projects.set(projectId, updated);
  store.publish('project.activated', updated, now);
  return updated;
}

export function approveTimeEntry(
  store: PsaStore,
  entryId: number,
  body: unknown,
  now: string,
): VendorTimeEntry {
  const approval = checkInput(checkApproval, body, 'approval');
  const entry = store.entries.get(entryId);
  if (!entry) throw new SandboxPsaError('not_found', `no time entry ${entryId}`);
  if (entry.status === 'approved')
    throw new SandboxPsaError('conflict', `time entry ${entryId} is already approved`);
  if (!store.users.has(approval.approved_by))
    throw new SandboxPsaError('unprocessable', `unknown approver "${approval.approved_by}"`);
  const approvedAt = approval.approved_at ?? now;
  const updated: VendorTimeEntry = {
    ...entry,
    status: 'approved',
    approved_at: approvedAt,
    approved_by: approval.approved_by,
  };
  store.entries.set(entryId, updated);
  store.publish('time_entry.approved', updated, approvedAt);
  return updated;
}
