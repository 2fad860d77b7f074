// What a raw-store floor run measured, whichever the engine.
import type { ProgressLine } from '../../src/demo/progress.ts';
import { formatCount } from '../../src/demo/progress.ts';

export interface FloorMeasure {
  /** The engine and the settings that set what a commit costs. */
  readonly engine: string;
  readonly events: number;
  /** Connections claiming and completing at once (one inserts). */
  readonly connections: number;
  /** Time spent in the store inserting the batches (the rows are built outside the clock). */
  readonly insertSeconds: number;
  /** Wall time from the first claim to the last completion. */
  readonly drainSeconds: number;
  readonly claims: number;
  /** Checked at the end: every event completed, every outbox row delivered. */
  readonly completedEvents: number;
  readonly deliveredRows: number;
}

export interface FloorContext {
  readonly events: number;
  readonly progress: ProgressLine;
}

/** Draws the progress of a phase: `done` of `total` events. */
export function showProgress(context: FloorContext, phase: string, done: number, started: number): void {
  const seconds = (performance.now() - started) / 1000;
  context.progress.render({
    phase,
    done,
    total: context.events,
    detail: `${formatCount(done)} of ${formatCount(context.events)} events${seconds > 0 ? `, ${formatCount(Math.round(done / seconds))}/s` : ''}`,
  });
}
