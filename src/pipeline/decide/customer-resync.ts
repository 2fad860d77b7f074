import type { EventOf } from '../../contracts/index.ts';
import type { UpsertCustomer } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';

/** Only Ledgerline's own reconciler asks for a resync: it re-sends what the system of record said. */
export const resyncSource = 'ledgerline/reconciler';

/**
 * A PSA's copy of a customer differs from the master (or is gone): the master's record, as Ledgerline
 * last received it from the system of record, is written there again under a key of its own (the
 * earlier key would only replay the earlier answer).
 */
export function decideCustomerResync(
  seq: number,
  event: EventOf<'CustomerResyncRequested'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const { customerId, system } = event.data;
  if (event.source !== resyncSource)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'governance.not_owner',
      reason: `governance conflict: only Ledgerline's reconciler (${resyncSource}) may ask for a resync, not ${event.source}`,
      detail: { customerId, writer: event.source },
    };
  if (!env.psaTargets.includes(system))
    return {
      seq,
      kind: 'reject',
      reasonCode: 'routing.unknown_target',
      reason: `${system} is not a PSA that takes customers`,
      detail: { customerId, system },
    };
  const customer = ctx.master('customer', customerId)?.data;
  if (!customer)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'reconcile.unknown_customer',
      reason: `${customerId} is not in Ledgerline's customer master: it cannot be written to ${system} again`,
      detail: { customerId, system },
    };
  const command: UpsertCustomer = {
    kind: 'upsertCustomer',
    idempotencyKey: `${customerId}/resync/${event.id}`,
    customer,
  };
  return {
    seq,
    kind: 'deliver',
    deliveries: [
      commandDelivery(system, 'upsertCustomer', 'master', customerId, command.idempotencyKey, [command]),
    ],
  };
}
