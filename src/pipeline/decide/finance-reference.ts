// Exchange rates, tax rates and period states the ERP publishes join their books (master data), which
// releases the postings parked waiting for them. Only the ERP's system may write them (governance).
import type { EventOf } from '../../contracts/index.ts';
import { withFxRate } from '../../domain/finance/fx.ts';
import { withPeriodStatus } from '../../domain/finance/periods.ts';
import { withTaxRate } from '../../domain/finance/tax-rates.ts';
import type { Decision, MasterRecord } from '../../store/port.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';

function recorded(seq: number, record: MasterRecord, ctx: BatchContext, note: string): Decision {
  ctx.remember(record);
  return { seq, kind: 'complete', note, upserts: [record] };
}

function unknownEntity(seq: number, what: string, legalEntityId: string): Decision {
  return {
    seq,
    kind: 'reject',
    reasonCode: 'readiness.unknown_legal_entity',
    reason: `${what} is for ${legalEntityId}, which is not a configured legal entity`,
    detail: { legalEntityId },
  };
}

export function decideFxRatePublished(
  seq: number,
  event: EventOf<'FxRatePublished'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const rate = event.data;
  const refused = governanceRefusal(seq, event, 'reference-data', event.subject, ['rate'], env);
  if (refused) return refused;
  if (rate.from === rate.to)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'contract.fx_same_currency',
      reason: `an exchange rate from ${rate.from} to itself is always 1; the ERP published ${rate.rate}`,
    };
  const book = withFxRate(ctx.master('fx-rates', rate.to)?.data, rate);
  return recorded(
    seq,
    { kind: 'fx-rates', id: rate.to, data: book },
    ctx,
    `${rate.from}->${rate.to} ${rate.rate} from ${rate.effectiveFrom}`,
  );
}

export function decideTaxRateChanged(
  seq: number,
  event: EventOf<'TaxRateChanged'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const rate = event.data;
  const refused = governanceRefusal(seq, event, 'reference-data', event.subject, ['ratePercent'], env);
  if (refused) return refused;
  if (!env.legalEntities.has(rate.legalEntityId))
    return unknownEntity(seq, `tax rate ${rate.taxCode}`, rate.legalEntityId);
  const book = withTaxRate(ctx.master('tax-rates', rate.legalEntityId)?.data, rate);
  return recorded(
    seq,
    { kind: 'tax-rates', id: rate.legalEntityId, data: book },
    ctx,
    `${rate.legalEntityId} ${rate.taxCode} ${rate.ratePercent}% from ${rate.effectiveFrom}`,
  );
}

export function decideAccountingPeriodChanged(
  seq: number,
  event: EventOf<'AccountingPeriodChanged'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const change = event.data;
  const refused = governanceRefusal(seq, event, 'reference-data', event.subject, ['status'], env);
  if (refused) return refused;
  if (!env.legalEntities.has(change.legalEntityId))
    return unknownEntity(seq, `period ${change.period}`, change.legalEntityId);
  const book = withPeriodStatus(ctx.master('periods', change.legalEntityId)?.data, change);
  return recorded(
    seq,
    { kind: 'periods', id: change.legalEntityId, data: book },
    ctx,
    `${change.legalEntityId} ${change.period} ${change.status}`,
  );
}
