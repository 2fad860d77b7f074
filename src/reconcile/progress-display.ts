// The progress line of a reconciliation run, on stderr (stdout holds only the report): records read per
// side and the rate. Drawn when asked (--progress) or once a run turns out large; silent otherwise.
import { ProgressLine, formatCount } from '../demo/progress.ts';
import type { FilesProgress } from './files/read-sides.ts';

/** A run this large shows its progress unasked. */
const largeRun = { records: 100_000, bytes: 32 * 1024 * 1024 };

export class ReconcileProgress {
  readonly #line: ProgressLine;
  readonly #started = Date.now();
  #shown: boolean;

  constructor(asked: boolean, out: NodeJS.WriteStream = process.stderr) {
    this.#line = new ProgressLine(out);
    this.#shown = asked;
  }

  #detail(source: number, target: number): string {
    const seconds = Math.max(0.001, (Date.now() - this.#started) / 1000);
    return `source ${formatCount(source)}, target ${formatCount(target)} records, ${formatCount(Math.round((source + target) / seconds))}/s`;
  }

  /** Files: how far through both files, by bytes. */
  files(p: FilesProgress): void {
    const bytes = p.source.bytes + p.target.bytes;
    this.#shown ||= bytes >= largeRun.bytes;
    if (!this.#shown) return;
    this.#line.render({
      phase: 'reading',
      done: p.source.bytesRead + p.target.bytesRead,
      total: bytes,
      detail: this.#detail(p.source.records, p.target.records),
    });
  }

  /** Systems: records read per side, and how many of the `sides` readers are done. */
  records(source: number, target: number, finished: number, sides: number): void {
    this.#shown ||= source + target >= largeRun.records;
    if (!this.#shown) return;
    this.#line.render({
      phase: 'reading',
      done: finished,
      total: sides,
      detail: this.#detail(source, target),
    });
  }

  finish(): void {
    this.#line.finish();
  }
}
