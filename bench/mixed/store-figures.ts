// What Ledgerline's own store says about the run: each event's state, reason and timings (received_at,
// completed_at), read from its SQLite file with a read-only connection. The run's events are the ones the
// bench sent after the set-up (seq above `fromSeq`, no causing event); confirmations are left out.
import Database from 'better-sqlite3';
import { eventNameOfType } from '../../src/contracts/index.ts';
import { percentile } from '../percentile.ts';
import { runEventNames, type RunEventName } from './mix.ts';

export interface WorkflowFigures {
  readonly workflow: RunEventName;
  readonly sent: number;
  readonly completed: number;
  /** Completed events per second of the whole run (first intake to last completion). */
  readonly eventsPerSecond: number;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  /** When its last event completed, in seconds from the run's first intake. */
  readonly lastDoneSeconds: number;
}

/** Events of the run that did not complete, grouped by type, state and reason. */
export interface NotCompleted {
  readonly workflow: string;
  readonly state: string;
  readonly reasonCode: string | null;
  readonly count: number;
  readonly example: string | null;
}

export interface StoreFigures {
  readonly seconds: number;
  readonly completed: number;
  readonly workflows: readonly WorkflowFigures[];
  readonly notCompleted: readonly NotCompleted[];
  readonly deadLetters: Readonly<Record<string, number>>;
  readonly deliveries: readonly {
    target: string;
    rows: number;
    retried: number;
    dead: number;
    pending: number;
  }[];
}

interface EventRow {
  type: string;
  state: string;
  reason_code: string | null;
  reason: string | null;
  park_key: string | null;
  received_at: number;
  completed_at: number | null;
}

const finalStates = new Set(['completed', 'rejected', 'dead']);

export class StoreReader {
  readonly #db: Database.Database;

  constructor(file: string) {
    this.#db = new Database(file, { readonly: true, fileMustExist: true });
  }

  maxSeq(): number {
    return this.#db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events').get()?.seq ?? 0;
  }

  /** States of the events sent after `fromSeq` (confirmations aside), e.g. { completed: 998, parked: 2 }. */
  states(fromSeq: number): Record<string, number> {
    const rows = this.#db
      .prepare<[number], { state: string; n: number }>(
        'SELECT state, COUNT(*) AS n FROM events WHERE seq > ? AND causation_seq IS NULL GROUP BY state',
      )
      .all(fromSeq);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** Events sent after `fromSeq` still moving: taken in but not decided, or with deliveries under way. */
  moving(fromSeq: number): number {
    const states = this.states(fromSeq);
    return Object.entries(states)
      .filter(([state]) => !finalStates.has(state) && state !== 'parked')
      .reduce((sum, [, n]) => sum + n, 0);
  }

  figures(fromSeq: number, sent: Readonly<Record<RunEventName, number>>): StoreFigures {
    const rows = this.#db
      .prepare<[number], EventRow>(
        `SELECT type, state, reason_code, reason, park_key, received_at, completed_at FROM events
         WHERE seq > ? AND causation_seq IS NULL`,
      )
      .all(fromSeq);
    const done = rows.filter((r) => r.state === 'completed' && r.completed_at !== null);
    // Loops rather than Math.min(...rows): spreading 100,000 arguments can overflow the stack.
    const start = rows.reduce((min, r) => Math.min(min, r.received_at), Infinity);
    const end = done.reduce((max, r) => Math.max(max, r.completed_at ?? 0), start);
    const seconds = (end - start) / 1000;
    const workflows = runEventNames.map((workflow): WorkflowFigures => {
      const own = done.filter((r) => eventNameOfType(r.type) === workflow);
      const latencies = own.map((r) => (r.completed_at ?? 0) - r.received_at).sort((a, b) => a - b);
      const last = own.reduce((max, r) => Math.max(max, r.completed_at ?? 0), start);
      return {
        workflow,
        sent: sent[workflow],
        completed: own.length,
        eventsPerSecond: Math.round(own.length / seconds),
        latencyMs: {
          p50: percentile(latencies, 50),
          p90: percentile(latencies, 90),
          p99: percentile(latencies, 99),
          max: latencies.at(-1) ?? Number.NaN,
        },
        lastDoneSeconds: Number(((last - start) / 1000).toFixed(2)),
      };
    });
    return {
      seconds: Number(seconds.toFixed(2)),
      completed: done.length,
      workflows,
      notCompleted: notCompleted(rows),
      deadLetters: this.#countBy(
        'SELECT reason_code AS key, COUNT(*) AS n FROM dead_letters WHERE event_seq > ? GROUP BY reason_code',
        fromSeq,
      ),
      deliveries: this.#db
        .prepare<[number], { target: string; rows: number; retried: number; dead: number; pending: number }>(
          `SELECT target, COUNT(*) AS rows, SUM(attempts > 1) AS retried, SUM(state = 'dead') AS dead,
             SUM(state = 'pending') AS pending
           FROM deliveries WHERE event_seq > ? GROUP BY target ORDER BY target`,
        )
        .all(fromSeq),
    };
  }

  close(): void {
    this.#db.close();
  }

  #countBy(sql: string, fromSeq: number): Record<string, number> {
    const rows = this.#db.prepare<[number], { key: string; n: number }>(sql).all(fromSeq);
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  }
}

/**
 * What a parked event waits for, without the object's id so that one reason groups many events:
 * `xref|project:bench-psa:P-7|bench-erp` -> `awaiting project in bench-erp`, `master|invoice|...` ->
 * `awaiting invoice`.
 */
function awaiting(parkKey: string | null): string | null {
  if (parkKey === null) return null;
  const [kind, first, system] = parkKey.split('|');
  return kind === 'xref'
    ? `awaiting ${first?.split(':')[0] ?? '?'} in ${system ?? '?'}`
    : `awaiting ${first ?? '?'}`;
}

function notCompleted(rows: readonly EventRow[]): NotCompleted[] {
  const groups = new Map<string, NotCompleted>();
  for (const row of rows) {
    if (row.state === 'completed') continue;
    const reasonCode = row.state === 'parked' ? awaiting(row.park_key) : row.reason_code;
    const key = `${row.type}|${row.state}|${reasonCode ?? ''}`;
    const group = groups.get(key);
    groups.set(key, {
      workflow: eventNameOfType(row.type) ?? row.type,
      state: row.state,
      reasonCode,
      count: (group?.count ?? 0) + 1,
      example: group?.example ?? (row.state === 'parked' ? row.park_key : row.reason),
    });
  }
  return [...groups.values()];
}
