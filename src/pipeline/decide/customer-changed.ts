import type { EventOf } from '../../contracts/index.ts';
import type { UpsertCustomer } from '../../connectors/kit/commands.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { changedFields, governanceRefusal } from './governed.ts';

/**
 * The customer master flows from its system of record (the ERP by default) to every PSA. A change from a
 * system that does not own the fields it changes is a governance conflict, never applied.
 */
export function decideCustomerChanged(
  seq: number,
  event: EventOf<'CustomerCreated'> | EventOf<'CustomerUpdated'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const customer = event.data;
  const changed = changedFields(ctx.master('customer', customer.id)?.data, customer);
  const refused = governanceRefusal(seq, event, 'customer', customer.id, changed, env);
  if (refused) return refused;
  if (changed.length === 0) return { seq, kind: 'complete', note: 'no field changed' };
  const record = { kind: 'customer', id: customer.id, data: customer } as const;
  ctx.remember(record);
  const deliveries = env.psaTargets
    .filter((psa) => psa !== event.source)
    .map((psa) => {
      // Keyed by the event: a redelivered or replayed change reuses its key; the next change gets its own.
      const command: UpsertCustomer = {
        kind: 'upsertCustomer',
        idempotencyKey: `${customer.id}/${event.source}/${event.id}`,
        customer,
      };
      return commandDelivery(psa, 'upsertCustomer', 'master', customer.id, command.idempotencyKey, [command]);
    });
  if (deliveries.length === 0)
    return { seq, kind: 'complete', note: 'customer recorded; no PSA takes customers', upserts: [record] };
  return { seq, kind: 'deliver', deliveries, upserts: [record] };
}
