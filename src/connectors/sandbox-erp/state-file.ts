// Persists the ERP state in two files: `<file>` holds a full JSON snapshot and `<file>.journal` JSON
// lines of what was added since. Appending only what changed keeps the cost of persistence
// proportional to the traffic, not to the size of the state, so it stays off the hot path even at
// hundreds of thousands of records. The journal is folded into a fresh snapshot on close, and whenever
// companies change or the state is reset (rare events a delta does not describe).
import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { ErpState } from './erp-state.ts';
import { applyDelta, cursorOf, deltaOf, snapshotOf, stateFromSnapshot } from './snapshot.ts';
import type { Cursor } from './snapshot.ts';

export interface LoadedState {
  readonly state: ErpState;
  /** Generation of the snapshot; only journal lines of the same generation belong to it. */
  readonly generation: number;
  /** True when a journal was read: it should be compacted before anything is appended to it. */
  readonly fromJournal: boolean;
}

function journalPathOf(path: string): string {
  return `${path}.journal`;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} is not JSON: ${(e as Error).message}`);
  }
}

/** The saved state, or undefined when nothing was saved yet. */
export async function loadStateFile(path: string): Promise<LoadedState | undefined> {
  const snapshot = await readIfExists(path);
  const journal = await readIfExists(journalPathOf(path));
  if (snapshot === undefined && journal === undefined) return undefined;
  // Without a snapshot the journal grew from the default state of generation 0.
  const { state, generation } =
    snapshot === undefined
      ? { state: ErpState.withCompanies(), generation: 0 }
      : stateFromSnapshot(parseJson(snapshot, path), path);
  const lines = (journal ?? '').split('\n').filter((line) => line.length > 0);
  for (const [index, line] of lines.entries()) {
    const source = `${journalPathOf(path)} line ${index + 1}`;
    let delta: unknown;
    try {
      delta = JSON.parse(line);
    } catch (e) {
      // A crash can tear the last append; that line was never acknowledged as written.
      if (index === lines.length - 1) break;
      throw new Error(`${source} is not JSON: ${(e as Error).message}`);
    }
    applyDelta(state, delta, generation, source);
  }
  return { state, generation, fromJournal: journal !== undefined };
}

const DEBOUNCE_MS = 100;

interface Persisted {
  readonly state: ErpState;
  readonly version: number;
  readonly configVersion: number;
  readonly cursor: Cursor;
}

export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private persisted: Persisted | undefined;
  private generation: number;
  /** Set when an append may have failed half-way: the next write must be a whole snapshot. */
  private needsSnapshot = false;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly currentState: () => ErpState,
    private readonly onError: (error: unknown) => void,
    loaded: LoadedState | undefined,
  ) {
    this.generation = loaded?.generation ?? 0;
    if (loaded) this.persisted = this.capture(loaded.state);
  }

  /** Schedules a write; cheap enough to call after every request. */
  changed(): void {
    if (this.closed || this.timer || this.writing || !this.isStale()) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startWrite(() => this.writeChanges()).then(
        () => this.changed(),
        (error: unknown) => this.onError(error),
      );
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Persists everything now, after any write in progress; rejects if that fails. */
  async flush(): Promise<void> {
    await this.settle();
    if (this.isStale()) await this.startWrite(() => this.writeChanges());
  }

  /**
   * Rewrites everything as one snapshot and drops the journal. Done at start after reading a journal,
   * so that new lines never follow a torn one.
   */
  async compact(): Promise<void> {
    await this.settle();
    await this.startWrite(() => this.writeSnapshot());
  }

  /** Final write: one compact snapshot, no journal. Later changes are not written. */
  async close(): Promise<void> {
    this.closed = true;
    await this.settle();
    await this.startWrite(() => this.writeSnapshot());
  }

  private async settle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing.catch(() => undefined);
  }

  private capture(state: ErpState): Persisted {
    return { state, version: state.version, configVersion: state.configVersion, cursor: cursorOf(state) };
  }

  private isStale(): boolean {
    const state = this.currentState();
    return this.persisted?.state !== state || this.persisted.version !== state.version;
  }

  private startWrite(write: () => Promise<void>): Promise<void> {
    const writing = write().finally(() => {
      this.writing = undefined;
    });
    this.writing = writing;
    return writing;
  }

  private async writeChanges(): Promise<void> {
    const state = this.currentState();
    const persisted = this.persisted;
    if (this.needsSnapshot || persisted?.state !== state || persisted.configVersion !== state.configVersion)
      return this.writeSnapshot();
    // Delta and cursor are taken together, synchronously, so nothing added meanwhile is skipped.
    const line = `${JSON.stringify(deltaOf(state, persisted.cursor, this.generation))}\n`;
    const next = this.capture(state);
    try {
      await appendFile(journalPathOf(this.path), line);
    } catch (e) {
      this.needsSnapshot = true;
      throw e;
    }
    this.persisted = next;
  }

  private async writeSnapshot(): Promise<void> {
    const state = this.currentState();
    const generation = this.generation + 1;
    const json = JSON.stringify(snapshotOf(state, generation));
    const next = this.capture(state);
    // Write beside the target and rename, so a crash mid-write never leaves a torn snapshot.
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, json);
    await rename(temporary, this.path);
    this.generation = generation;
    this.persisted = next;
    this.needsSnapshot = false;
    // Lines of the old generation are skipped on load, so a crash before this removal is harmless.
    await rm(journalPathOf(this.path), { force: true });
  }
}
