import type { EventOf, Opportunity } from '../../contracts/index.ts';
import type { CreateDeliveryProject } from '../../connectors/kit/commands.ts';
import { parseCanonicalId } from '../../governance/domain-of.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';

/** The PSA that receives new engagements: the first configured PSA target. */
export function deliveryPsa(env: Pick<DecideEnvironment, 'psaTargets'>): string | undefined {
  return env.psaTargets[0];
}

/**
 * The customer master's id for a CRM account. The CRM keeps the ERP's customer number as its account id
 * (the ERP is the system of record for customers), so `customer:<crm>:<n>` is `customer:<erp>:<n>`.
 */
export function masterCustomerId(customerId: string, erpSystem: string): string {
  const parts = parseCanonicalId(customerId);
  return parts ? `customer:${erpSystem}:${parts.nativeId}` : customerId;
}

/** What a won deal lacks before it can become a project the ERP will accept, one message per gap. */
function missingFinance(opportunity: Opportunity, env: DecideEnvironment): string[] {
  const missing: string[] = [];
  if (opportunity.legalEntityId === undefined) missing.push('legalEntityId is missing');
  else if (!env.legalEntities.has(opportunity.legalEntityId))
    missing.push(`legalEntityId ${opportunity.legalEntityId} is not a configured legal entity`);
  if (opportunity.currency === undefined && opportunity.legalEntityId === undefined)
    missing.push('currency is missing');
  if (opportunity.taxCode === undefined) missing.push('taxCode is missing');
  if (opportunity.billingModel === undefined) missing.push('billingModel is missing');
  return missing;
}

/**
 * A won deal becomes a delivery project in the PSA, once its finance fields are complete (legal entity,
 * currency, tax code, billing model) and its customer is known there. The project then comes back from
 * the PSA as ProjectActivated and is provisioned in the ERP like any other.
 */
export function decideOpportunityClosedWon(
  seq: number,
  event: EventOf<'OpportunityClosedWon'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const deal = event.data;
  const refused = governanceRefusal(seq, event, 'opportunity', deal.id, ['status'], env);
  if (refused) return refused;
  const missing = missingFinance(deal, env);
  if (missing.length > 0)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'readiness.opportunity_incomplete',
      reason: `Won deal ${deal.id} cannot become a project: ${missing.join('; ')}. Complete it in the CRM and it will be sent again.`,
      detail: { opportunityId: deal.id, missing },
    };
  const psa = deliveryPsa(env);
  if (psa === undefined)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'routing.no_psa',
      reason: `won deal ${deal.id}: no PSA is configured to take new engagements`,
    };
  const customerId = masterCustomerId(deal.customerId, env.erpSystem);
  const customerExternalId = ctx.externalId(customerId, psa);
  if (customerExternalId === undefined)
    return {
      seq,
      kind: 'park',
      dependency: {
        kind: 'xref',
        canonicalId: customerId,
        system: psa,
        awaiting: `awaiting CustomerSynced ${customerId}`,
      },
    };
  const entity = deal.legalEntityId === undefined ? undefined : env.legalEntities.get(deal.legalEntityId);
  const opportunity: Opportunity = {
    ...deal,
    ...(deal.currency === undefined && entity ? { currency: entity.functionalCurrency } : {}),
  };
  const command: CreateDeliveryProject = {
    kind: 'createDeliveryProject',
    idempotencyKey: `${deal.id}/delivery-project`,
    opportunity,
    customerExternalId,
    projectCode: `OPP-${parseCanonicalId(deal.id)?.nativeId ?? seq}`,
  };
  return {
    seq,
    kind: 'deliver',
    // Kept for the contract, created in the ERP once the engagement's project is there.
    upserts: [{ kind: 'opportunity', id: deal.id, data: opportunity }],
    deliveries: [
      commandDelivery(psa, 'createDeliveryProject', 'master', deal.id, command.idempotencyKey, [command]),
    ],
  };
}
