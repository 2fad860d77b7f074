// Options of `npm run bench -- --workload mixed`, with the defaults docs/performance.md describes.
import { parseArgs } from 'node:util';

export interface MixedOptions {
  readonly events: number;
  readonly batch: number;
  readonly inFlight: number;
  readonly projects: number;
  readonly customers: number;
  readonly resources: number;
  /** Offered load in events/s; 0 sends as fast as intake accepts (a throughput run). */
  readonly rate: number;
  readonly deliveryThread: 'worker' | 'main';
  /** How long to wait without progress before giving up and reporting what did not complete. */
  readonly stallSeconds: number;
}

function positive(name: string, text: string, allowZero = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw new RangeError(`--${name} must be a whole number`);
  return n;
}

export function mixedOptions(): MixedOptions {
  const { values } = parseArgs({
    options: {
      workload: { type: 'string', default: 'mixed' }, // chosen by bench/run.ts
      store: { type: 'string', default: 'sqlite' }, // SQLite only (bench/run.ts refuses another)
      events: { type: 'string', default: '100000' },
      batch: { type: 'string', default: '1000' },
      'in-flight': { type: 'string', default: '4' },
      projects: { type: 'string', default: '200' },
      customers: { type: 'string', default: '40' },
      resources: { type: 'string', default: '500' },
      rate: { type: 'string', default: '0' },
      'delivery-thread': { type: 'string', default: 'worker' },
      'stall-seconds': { type: 'string', default: '30' },
    },
  });
  return {
    events: positive('events', values.events),
    batch: positive('batch', values.batch),
    inFlight: positive('in-flight', values['in-flight']),
    projects: positive('projects', values.projects),
    customers: positive('customers', values.customers),
    resources: positive('resources', values.resources),
    rate: positive('rate', values.rate, true),
    deliveryThread: values['delivery-thread'] === 'main' ? 'main' : 'worker',
    stallSeconds: positive('stall-seconds', values['stall-seconds']),
  };
}
