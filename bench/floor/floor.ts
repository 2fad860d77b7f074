// The raw-store floor: what the store engine itself does with the bench's events when nothing but plain
// batched SQL touches it (insert, claim, complete), measured on the same engine as the end-to-end run,
// in a file or schema of its own. Ledgerline's end-to-end figure is reported as a share of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount, type ProgressLine } from '../../src/demo/progress.ts';
import type { StoreKind } from '../options.ts';
import type { FloorMeasure } from './measure.ts';
import { postgresFloor } from './postgres.ts';
import { floorBatch } from './rows.ts';
import { sqliteFloor } from './sqlite.ts';
import { sqliteBareFloor } from './sqlite-bare.ts';
import { roundSeconds } from '../round-seconds.ts';

export interface FloorResult {
  readonly store: StoreKind;
  readonly engine: string;
  readonly events: number;
  readonly batch: number;
  readonly connections: number;
  readonly insertSeconds: number;
  readonly drainSeconds: number;
  readonly totalSeconds: number;
  /** Events through insert, claim and complete per second of the whole floor run. */
  readonly eventsPerSecond: number;
  readonly insertEventsPerSecond: number;
  readonly drainEventsPerSecond: number;
  /** Every event completed and every outbox row delivered, counted in the floor's tables afterwards. */
  readonly complete: boolean;
  /** SQLite only: the same rows and statements on two bare tables (sqlite-bare.ts), for what the machine's
   * SQLite does at all; the share of the floor is reported against Ledgerline's own tables, not this. */
  readonly bare?: { readonly eventsPerSecond: number; readonly complete: boolean };
}

export interface FloorRequest {
  readonly store: StoreKind;
  readonly events: number;
  readonly workers: number;
  readonly postgresUrl: string;
  /** The PostgreSQL schema the floor creates (and drops unless `keep`). */
  readonly schema: string;
  readonly keep: boolean;
}

export async function measureFloor(request: FloorRequest, progress: ProgressLine): Promise<FloorResult> {
  const context = { events: request.events, progress };
  let measure: FloorMeasure;
  let bare: FloorMeasure | undefined;
  if (request.store === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-floor-'));
    try {
      measure = sqliteFloor(dir, context);
      bare = sqliteBareFloor(dir, context);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    measure = await postgresFloor(
      request.postgresUrl,
      request.schema,
      request.workers,
      request.keep,
      context,
    );
  }
  const total = measure.insertSeconds + measure.drainSeconds;
  return {
    store: request.store,
    engine: measure.engine,
    events: measure.events,
    batch: floorBatch,
    connections: measure.connections,
    insertSeconds: roundSeconds(measure.insertSeconds, 3),
    drainSeconds: roundSeconds(measure.drainSeconds, 3),
    totalSeconds: roundSeconds(total, 3),
    eventsPerSecond: Math.round(measure.events / total),
    insertEventsPerSecond: Math.round(measure.events / measure.insertSeconds),
    drainEventsPerSecond: Math.round(measure.events / measure.drainSeconds),
    complete: isComplete(measure),
    ...(bare === undefined
      ? {}
      : {
          bare: {
            eventsPerSecond: Math.round(bare.events / (bare.insertSeconds + bare.drainSeconds)),
            complete: isComplete(bare),
          },
        }),
  };
}

const isComplete = (m: FloorMeasure) => m.completedEvents === m.events && m.deliveredRows === m.events;

export function formatFloor(floor: FloorResult): string[] {
  return [
    `  floor engine     ${floor.engine}`,
    `  floor            ${formatCount(floor.events)} events, batches of ${formatCount(floor.batch)}, ${floor.connections} claiming connection${floor.connections === 1 ? '' : 's'}: ${formatCount(floor.eventsPerSecond)} events/s (insert ${formatCount(floor.insertEventsPerSecond)}/s in ${floor.insertSeconds} s, claim + complete ${formatCount(floor.drainEventsPerSecond)}/s in ${floor.drainSeconds} s)${floor.complete ? '' : '  NOT ALL COMPLETED'}`,
    ...(floor.bare === undefined
      ? []
      : [
          `  bare floor       the same rows on two bare tables (unique inbox, one pending index): ${formatCount(floor.bare.eventsPerSecond)} events/s${floor.bare.complete ? '' : '  NOT ALL COMPLETED'}`,
        ]),
  ];
}
