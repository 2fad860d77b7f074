// Messages between the service and its delivery thread. Bus notifications cross as a typed union, one
// member per event name, so a listener on either side gets the payload type of its name.
import type { Config } from '../../config/schema.ts';
import type { PipelineEvents } from '../../pipeline/bus.ts';

export interface DeliveryThreadData {
  readonly config: Config;
  /** The environment secrets are resolved from (the service's, which a test may have replaced). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The buffer of the service's SQLite write lock (ThreadWriteLock); none on PostgreSQL. */
  readonly writeLock?: SharedArrayBuffer;
  /** The process's name in the store's leases (PostgreSQL). */
  readonly owner: string;
}

export type BusNotice = {
  [K in keyof PipelineEvents]: { readonly name: K; readonly payload: PipelineEvents[K] };
}[keyof PipelineEvents];

export type ToDeliveryThread = { readonly kind: 'wake' } | { readonly kind: 'stop' };

export type FromDeliveryThread =
  | { readonly kind: 'ready' }
  | { readonly kind: 'bus'; readonly notice: BusNotice }
  | { readonly kind: 'stopped' };
