// A file of ReconRecords, CSV or JSONL by its extension, read as batches of records in file order. A line
// that is not a record stops the read with a RecordFileError naming file and line; blank lines are skipped.
import { statSync } from 'node:fs';
import { extname } from 'node:path';
import type { ReconRecord } from '../record.ts';
import { parseCsvHeader, parseCsvRecord, type CsvHeader } from './parse-csv-records.ts';
import { parseJsonlRecord } from './parse-jsonl-record.ts';
import { partOf, partOfCsvLine, partOfJsonlLine } from '../partition.ts';
import { readLineBatches, type LineBatch } from './read-lines.ts';
import { ValueProblem } from './record-columns.ts';
import { RecordFileError } from './record-file-error.ts';

export type RecordFileFormat = 'csv' | 'jsonl';

/**
 * A chunk of a file's lines. `forEach` parses them as it hands each record over, so a record dies as soon
 * as its taker is done with it: parsing a whole chunk first would keep ten thousand records alive through
 * every young-generation collection (ADR 12).
 */
export interface RecordBatch {
  /** Throws RecordFileError at the first line that is not a record. */
  forEach(take: (record: ReconRecord) => void): void;
  /** Bytes of the file read so far. */
  readonly bytesRead: number;
}

/** One of `of` parts of the keys (see partition.ts): a thread reads only the records of its part. */
export interface KeyPart {
  readonly index: number;
  readonly of: number;
}

export interface RecordFile {
  readonly path: string;
  readonly format: RecordFileFormat;
  readonly bytes: number;
  batches(part?: KeyPart): AsyncGenerator<RecordBatch>;
}

const formats: Readonly<Record<string, RecordFileFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/** Checks the file is there and of a known kind; reading starts with `batches()`. */
export function openRecordFile(path: string): RecordFile {
  const format = formats[extname(path).toLowerCase()];
  if (format === undefined)
    throw new RecordFileError(path, undefined, 'name a .csv or .jsonl file (the extension says which)');
  let bytes: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new RecordFileError(path, undefined, 'is not a file');
    bytes = stat.size;
  } catch (error) {
    if (error instanceof RecordFileError) throw error;
    throw new RecordFileError(path, undefined, `cannot be read (${(error as Error).message})`);
  }
  return { path, format, bytes, batches: (part) => readRecords(path, format, part) };
}

interface ReadState {
  readonly path: string;
  readonly format: RecordFileFormat;
  readonly part: KeyPart | undefined;
  header: CsvHeader | undefined;
  /** The header puts type and ref first: a line's part can be read off it before parsing. */
  partFromLine: boolean;
}

async function* readRecords(
  path: string,
  format: RecordFileFormat,
  part: KeyPart | undefined,
): AsyncGenerator<RecordBatch> {
  const state: ReadState = { path, format, part, header: undefined, partFromLine: false };
  for await (const batch of readLineBatches(path)) {
    yield {
      bytesRead: batch.bytesRead,
      forEach: (take) => {
        parseLines(state, batch, take);
      },
    };
  }
  if (format === 'csv' && state.header === undefined)
    throw new RecordFileError(path, undefined, `is empty: a CSV record file starts with its header line`);
}

function parseLines(state: ReadState, batch: LineBatch, take: (record: ReconRecord) => void): void {
  const { path, part } = state;
  for (let i = 0; i < batch.lines.length; i += 1) {
    const line = batch.lines[i] ?? '';
    const number = batch.firstLine + i;
    if (line.trim() === '') continue;
    let parsed: ReconRecord | ValueProblem;
    let lineIsMine: boolean | undefined;
    if (state.format === 'jsonl') {
      if (part) {
        // Another thread's key: skip the line unparsed (that thread checks it).
        const p = partOfJsonlLine(line, part.of);
        if (p !== undefined && p !== part.index) continue;
        lineIsMine = p !== undefined;
      }
      parsed = parseJsonlRecord(number === 1 ? line.replace(/^\uFEFF/, '') : line);
    } else if (state.header === undefined) {
      const header = parseCsvHeader(line);
      if (header instanceof ValueProblem) throw new RecordFileError(path, number, header.message);
      state.header = header;
      state.partFromLine = header.columns[0] === 0 && header.columns[1] === 1;
      continue;
    } else {
      if (part && state.partFromLine) {
        // Another thread's key: skip the line unparsed (that thread checks it).
        const p = partOfCsvLine(line, part.of);
        if (p !== undefined && p !== part.index) continue;
        lineIsMine = p !== undefined;
      }
      parsed = parseCsvRecord(line, state.header);
    }
    if (parsed instanceof ValueProblem) throw new RecordFileError(path, number, parsed.message);
    if (part && lineIsMine !== true && partOf(parsed.type, parsed.ref, part.of) !== part.index) continue;
    take(parsed);
  }
}

/** The records of a file one by one (the engine's `reconcile` takes this). */
export async function* recordsOf(file: RecordFile): AsyncGenerator<ReconRecord> {
  for await (const batch of file.batches()) {
    const records: ReconRecord[] = [];
    batch.forEach((r) => records.push(r));
    yield* records;
  }
}
