// What a reconciliation thread is given and answers (reconcile-files.ts, partition-worker.ts).
import type { ReconciliationReport } from '../report.ts';
import type { FilesProgress, SidesToRead } from './read-sides.ts';
import type { KeyPart } from './record-file.ts';

export interface ThreadData {
  readonly files: SidesToRead;
  readonly part: KeyPart;
}

export type FromThread =
  | { readonly kind: 'progress'; readonly progress: FilesProgress }
  | { readonly kind: 'done'; readonly report: ReconciliationReport }
  /** A line that is not a record (RecordFileError). */
  | {
      readonly kind: 'bad-line';
      readonly file: string;
      readonly line: number | undefined;
      readonly problem: string;
    }
  | { readonly kind: 'failed'; readonly message: string };
