// POST /api/v2/engagements: a won deal becomes a draft project. It is not published: a draft appears in
// the activity feed as `project.activated` only once finance completes its set-up (complete-setup).
import { EngagementWrite } from '../../vendor/billing-records.ts';
import type { VendorProject } from '../../vendor/schemas.ts';
import { compileChecker } from '../../../kit/schema-checker.ts';
import { checkInput } from '../check-input.ts';
import { SandboxPsaError } from '../errors.ts';
import type { WriteAnswer } from '../idempotency.ts';
import type { PsaStore } from '../store.ts';
import { checkAmounts, checkCurrency } from './money-checks.ts';
import { nextProjectId } from './next-id.ts';

const checkEngagement = compileChecker(EngagementWrite);

export function createEngagement(store: PsaStore, body: unknown): WriteAnswer {
  const input = checkInput(checkEngagement, body, 'engagement');
  const client = store.clients.get(input.client_id);
  if (!client)
    throw new SandboxPsaError('unprocessable', `no client ${input.client_id}`, [], 'unknown_client');
  if (!client.active)
    throw new SandboxPsaError(
      'unprocessable',
      `client ${client.id} is inactive and takes no new projects`,
      [],
      'client_inactive',
    );
  for (const p of store.projects.values())
    if (p.code === input.code)
      throw new SandboxPsaError(
        'conflict',
        `project code ${input.code} is ${p.id}'s`,
        [],
        'project_code_exists',
      );
  if (input.company != null && !store.companies.has(input.company))
    throw new SandboxPsaError('unprocessable', `unknown company "${input.company}"`, [], 'unknown_company');
  if (input.currency != null) checkCurrency(input.currency, 'currency');
  checkAmounts(input.value.currency, { 'value.amount': input.value.amount });

  const project: VendorProject = {
    id: nextProjectId(store),
    code: input.code,
    name: input.name,
    client_id: client.id,
    client_name: client.name,
    status: 'draft',
    company: input.company ?? null,
    // A project bills in its client's currency unless the deal says otherwise.
    currency: input.currency ?? client.billing_currency,
    tax_treatment: null,
    billing_method: input.billing_type,
    start_date: input.start_date,
    contract_value: input.value,
    ...(input.opportunity_ref !== undefined && { opportunity_ref: input.opportunity_ref }),
  };
  store.projects.set(project.id, project);
  store.changed();
  return { status: 201, body: project };
}
