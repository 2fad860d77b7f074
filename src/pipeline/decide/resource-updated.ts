import type { EventOf } from '../../contracts/index.ts';
import type { Decision } from '../../store/port.ts';
import type { BatchContext } from './context.ts';

/** Master data: remembered for enrichment (cost rates); nothing is sent anywhere yet. */
export function decideResourceUpdated(
  seq: number,
  event: EventOf<'ResourceUpdated'>,
  ctx: BatchContext,
): Decision {
  const record = { kind: 'resource', id: event.data.id, data: event.data } as const;
  ctx.remember(record);
  return { seq, kind: 'complete', note: 'resource master data updated', upserts: [record] };
}
