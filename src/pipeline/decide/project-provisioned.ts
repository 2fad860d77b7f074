import type { Contract, EventOf } from '../../contracts/index.ts';
import type { CreateContract } from '../../connectors/kit/commands.ts';
import { parseCanonicalId } from '../../governance/domain-of.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { awaitMaster } from './waits.ts';

/** A won deal's contract has the deal's id in the contract id space: `contract:<crm>:<deal>`. */
export function contractIdOf(opportunityId: string): string {
  const parts = parseCanonicalId(opportunityId);
  return parts ? `contract:${parts.system}:${parts.nativeId}` : `contract:${opportunityId}`;
}

/**
 * Once the project of a won deal is in the ERP, the contract the client signed is created against it:
 * the deal's value, in the project's currency, billing model and legal entity, for the project's
 * customer. Project and contract together are what the ERP bills (ProjectContracted confirms both).
 */
export function decideProjectProvisioned(
  seq: number,
  event: EventOf<'ProjectProvisioned'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const { projectId, opportunityId, externalId } = event.data;
  if (opportunityId === undefined || event.data.system !== env.erpSystem)
    return { seq, kind: 'complete', note: 'confirmation recorded' };
  const contractId = contractIdOf(opportunityId);
  const existing = ctx.externalId(contractId, env.erpSystem);
  if (existing !== undefined)
    return { seq, kind: 'complete', note: `contract already in ${env.erpSystem} as ${existing}` };
  const project = ctx.master('project', projectId)?.data;
  if (!project) return awaitMaster(seq, 'project', projectId, 'ProjectActivated');
  const deal = ctx.master('opportunity', opportunityId)?.data;
  if (!deal) return awaitMaster(seq, 'opportunity', opportunityId, 'OpportunityClosedWon');
  const problems: string[] = [];
  if (project.customerId === undefined) problems.push('the project names no customer');
  if (project.legalEntityId === undefined) problems.push('the project has no legal entity');
  if (project.currency === undefined) problems.push('the project has no currency');
  if (project.billingModel === undefined) problems.push('the project has no billing model');
  if (project.currency !== undefined && deal.amount.currency !== project.currency)
    problems.push(`the deal is worth ${deal.amount.currency}, the project bills ${project.currency}`);
  if (
    problems.length > 0 ||
    project.customerId === undefined ||
    project.legalEntityId === undefined ||
    project.currency === undefined ||
    project.billingModel === undefined
  )
    return {
      seq,
      kind: 'reject',
      reasonCode: 'readiness.contract_incomplete',
      reason: `The contract of won deal ${opportunityId} cannot be created for project ${projectId}: ${problems.join('; ')}.`,
      detail: { projectId, opportunityId, problems },
    };
  const contract: Contract = {
    id: contractId,
    projectId,
    customerId: project.customerId,
    legalEntityId: project.legalEntityId,
    opportunityId,
    billingModel: project.billingModel,
    currency: project.currency,
    value: deal.amount,
  };
  const command: CreateContract = {
    kind: 'createContract',
    idempotencyKey: `${contractId}/create`,
    contract,
    projectExternalId: externalId,
  };
  return {
    seq,
    kind: 'deliver',
    deliveries: [
      commandDelivery(env.erpSystem, 'createContract', 'master', projectId, command.idempotencyKey, [
        command,
      ]),
    ],
  };
}
