// A progress line on stderr: redrawn in place on a terminal, a plain line every few seconds otherwise
// (CI logs, pipes), so long runs always show they are moving.
export interface ProgressSnapshot {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  readonly detail: string;
}

const width = 28;

export class ProgressLine {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  #lastPlain = 0;
  #lastLine = '';
  #drawn = false;

  constructor(out: NodeJS.WriteStream = process.stderr) {
    this.#out = out;
    this.#tty = out.isTTY;
  }

  render(s: ProgressSnapshot): void {
    const ratio = s.total === 0 ? 1 : Math.max(0, Math.min(1, s.done / s.total));
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const line = `${s.phase.padEnd(9)} ${bar} ${String(Math.floor(ratio * 100)).padStart(3)}%  ${s.detail}`;
    if (this.#tty) {
      this.#out.write(`\r\x1b[2K${line}`);
      this.#drawn = true;
    } else if (line !== this.#lastLine && (Date.now() - this.#lastPlain >= 2000 || ratio === 1)) {
      // Without a terminal: a line every 2 s, and the finished state once.
      this.#out.write(`${line}\n`);
      this.#lastPlain = Date.now();
      this.#lastLine = line;
    }
  }

  note(text: string): void {
    this.finish();
    this.#out.write(`${text}\n`);
  }

  finish(): void {
    if (this.#drawn) this.#out.write('\n');
    this.#drawn = false;
  }
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
