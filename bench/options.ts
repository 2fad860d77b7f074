// Options of `npm run bench` (the time workload) and `npm run bench:floor`, checked before anything starts:
// a bad value exits 2 with a message saying what to give instead.
import { parseArgs } from 'node:util';

export type StoreKind = 'sqlite' | 'postgres';

export interface TimeOptions {
  readonly store: StoreKind;
  /** `ledgerline worker` processes beside the API process (PostgreSQL); 1 with SQLite (one `serve`). */
  readonly workers: number;
  readonly events: number;
  readonly batch: number;
  readonly inFlight: number;
  readonly projects: number;
  readonly resources: number;
  /** Offered load in events/s; 0 sends as fast as intake accepts (a throughput run). */
  readonly rate: number;
  /** Where Ledgerline runs its deliverers: `worker` (its delivery thread, the default) or `main`. */
  readonly deliveryThread: 'worker' | 'main';
  /** Transactional deliverers per target and queue in each Ledgerline process: by default 1 on SQLite
   * (one process; the loopback ERP answers at once, and a second deliverer only splits each batch into two
   * pushes and two commits), 2 per worker on PostgreSQL (as measured since session 6). */
  readonly deliverers: number;
  /** Events of the raw-store floor measured before the end-to-end run; 0 skips it. */
  readonly floorEvents: number;
  /** The PostgreSQL database the runs create their schemas in (one per run, dropped afterwards). */
  readonly postgresUrl: string;
  /** Keep the run's PostgreSQL schemas (to inspect them) instead of dropping them. */
  readonly keep: boolean;
}

/** The floor is capped so that a run stays short; `--floor-events` sets it. */
export const defaultFloorCap = 100_000;
export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

export class UsageError extends Error {}

function whole(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}`);
  return n;
}

function storeKind(text: string): StoreKind {
  if (text === 'sqlite' || text === 'postgres') return text;
  throw new UsageError(`--store must be sqlite or postgres, not "${text}"`);
}

function storeAndWorkers(store: string, workers: string): { store: StoreKind; workers: number } {
  const kind = storeKind(store);
  const n = whole('workers', workers, 1);
  if (kind === 'sqlite' && n !== 1)
    throw new UsageError(
      `--workers ${n} needs --store postgres: only one process may use a SQLite store (one "ledgerline serve")`,
    );
  return { store: kind, workers: n };
}

function postgresUrlOf(text: string | undefined): string {
  const url = text ?? process.env['BENCH_POSTGRES_URL'] ?? defaultPostgresUrl;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--postgres-url "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new UsageError(`--postgres-url must be a postgres:// URL, not "${url}"`);
  if (parsed.searchParams.has('schema'))
    throw new UsageError('--postgres-url names the database only: each run creates its own schema');
  return url;
}

export function timeOptions(args: readonly string[] = process.argv.slice(2)): TimeOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      workload: { type: 'string', default: 'time' }, // chosen by run.ts
      store: { type: 'string', default: 'sqlite' },
      workers: { type: 'string', default: '1' },
      events: { type: 'string', default: '100000' },
      batch: { type: 'string' },
      'in-flight': { type: 'string', default: '4' },
      projects: { type: 'string', default: '200' },
      resources: { type: 'string', default: '500' },
      rate: { type: 'string', default: '0' },
      'delivery-thread': { type: 'string', default: 'worker' },
      deliverers: { type: 'string' },
      'floor-events': { type: 'string' },
      'postgres-url': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const events = whole('events', values.events, 1);
  const rate = whole('rate', values.rate, 0);
  // At a steady load a request carries 10 ms of it (10 events at 1,000/s): a batch of 1,000 every second
  // would be a burst, and its latency the burst's. As fast as accepted: batches of 1,000.
  const batch =
    values.batch === undefined
      ? rate > 0
        ? Math.max(1, Math.round(rate / 100))
        : 1000
      : whole('batch', values.batch, 1);
  const scale = storeAndWorkers(values.store, values.workers);
  return {
    ...scale,
    events,
    batch,
    inFlight: whole('in-flight', values['in-flight'], 1),
    projects: whole('projects', values.projects, 1),
    resources: whole('resources', values.resources, 1),
    rate,
    deliveryThread: values['delivery-thread'] === 'main' ? 'main' : 'worker',
    deliverers:
      values.deliverers === undefined
        ? scale.store === 'sqlite'
          ? 1
          : 2
        : whole('deliverers', values.deliverers, 1),
    floorEvents:
      values['floor-events'] === undefined
        ? Math.min(events, defaultFloorCap)
        : whole('floor-events', values['floor-events'], 0),
    postgresUrl: postgresUrlOf(values['postgres-url']),
    keep: values.keep,
  };
}

export interface FloorOptions {
  readonly store: StoreKind;
  readonly workers: number;
  readonly events: number;
  readonly postgresUrl: string;
  readonly keep: boolean;
}

export function floorOptions(args: readonly string[] = process.argv.slice(2)): FloorOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      store: { type: 'string', default: 'sqlite' },
      workers: { type: 'string', default: '1' },
      events: { type: 'string', default: String(defaultFloorCap) },
      'postgres-url': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  return {
    ...storeAndWorkers(values.store, values.workers),
    events: whole('events', values.events, 1),
    postgresUrl: postgresUrlOf(values['postgres-url']),
    keep: values.keep,
  };
}

/** Parses options, or prints what is wrong and exits 2 (bad usage). */
export function orExit<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
