// An outbox row's payload: the canonical commands it sends together, as JSON. Only the pipeline reads it;
// the store keeps it opaque.
import type { TargetCommand } from '../connectors/kit/commands.ts';
import type { DeliveryKind, NewDelivery, QueueClass } from '../store/port.ts';

export function commandDelivery(
  target: string,
  kind: DeliveryKind,
  queue: QueueClass,
  orderingKey: string,
  idempotencyKey: string,
  commands: readonly TargetCommand[],
): NewDelivery {
  return { target, kind, queue, orderingKey, idempotencyKey, payload: JSON.stringify(commands) };
}

export function commandsOf(delivery: { readonly payload: string }): TargetCommand[] {
  return JSON.parse(delivery.payload) as TargetCommand[];
}
