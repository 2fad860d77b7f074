// Reads a source and a target file into one reconciliation run, both at once, optionally only the keys of
// one part (when threads share the work). The loop every thread runs, in process or in a worker.
import { ReconciliationRun } from '../engine.ts';
import type { ReconcileScope, ReconciliationReport } from '../report.ts';
import type { Side } from '../groups.ts';
import { openRecordFile, type KeyPart } from './record-file.ts';

export interface SideProgress {
  /** Records taken into the run (of this part only, when split). */
  readonly records: number;
  readonly bytesRead: number;
  readonly bytes: number;
}

export type FilesProgress = Readonly<Record<Side, SideProgress>>;

export interface SidesToRead {
  readonly source: string;
  readonly target: string;
  readonly scope: ReconcileScope;
}

export async function readSides(
  files: SidesToRead,
  part: KeyPart | undefined,
  onBatch: (progress: FilesProgress) => void,
): Promise<ReconciliationReport> {
  const run = new ReconciliationRun(files.scope);
  const opened = { source: openRecordFile(files.source), target: openRecordFile(files.target) };
  const bytesRead = { source: 0, target: 0 };
  const progress = (): FilesProgress => ({
    source: { records: run.read.source, bytesRead: bytesRead.source, bytes: opened.source.bytes },
    target: { records: run.read.target, bytesRead: bytesRead.target, bytes: opened.target.bytes },
  });
  const read = async (side: Side) => {
    for await (const batch of opened[side].batches(part)) {
      batch.forEach((record) => run.add(side, record));
      bytesRead[side] = batch.bytesRead;
      onBatch(progress());
    }
  };
  await Promise.all([read('source'), read('target')]);
  return run.report();
}
