// A record file Ledgerline cannot read: the message names the file and line and says what to write instead.

export class RecordFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
  ) {
    super(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = 'RecordFileError';
  }
}
