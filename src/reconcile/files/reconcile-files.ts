// Reconciles two record files. A large pair is read in worker threads, one per core (two on these
// machines): each reads both files but parses and joins only its part of the keys (partition.ts), and the
// parts' reports are merged. Each thread's heap is capped at what its part needs, estimated from the file
// sizes: V8 left alone grows a heap far past its live set (ADR 12). A small pair is read in this thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { mergeReports } from '../merge-reports.ts';
import type { ReconciliationReport } from '../report.ts';
import { readSides, type FilesProgress, type SidesToRead } from './read-sides.ts';
import { RecordFileError } from './record-file-error.ts';
import { openRecordFile } from './record-file.ts';
import type { FromThread, ThreadData } from './thread-protocol.ts';

/** Below this much data threads cost more to start than they save. */
const threadsFromBytes = 32 * 1024 * 1024;
/**
 * A run keeps about 0.95 bytes of heap per byte of input (a key, its records packed, the map entry):
 * measured on the benchmark's files. The cap leaves a quarter as much again and 48 MB for the rest; a
 * small young generation keeps the garbage of parsing from inflating the process (ADR 12).
 */
const heapPerInputByte = 1.2;
const heapBaseMb = 48;
const youngGenerationMb = 24;

export interface FilesPlan {
  /** Threads that split the keys; 0 reads in this thread. */
  readonly threads: number;
  /** Old-generation cap of each thread, MB. */
  readonly heapMb: number;
}

/** Threads for a pair of files: none for small files, else one per core, at most `max`. */
export function planFiles(files: SidesToRead, max = 2): FilesPlan {
  const bytes = openRecordFile(files.source).bytes + openRecordFile(files.target).bytes;
  if (bytes < threadsFromBytes || max < 1) return { threads: 0, heapMb: 0 };
  const threads = Math.max(1, Math.min(max, availableParallelism()));
  return { threads, heapMb: Math.ceil(heapBaseMb + (heapPerInputByte * bytes) / threads / 2 ** 20) };
}

// Under tsx (tests, the CLI run from source) a worker does not inherit the loader: a bootstrap registers
// it first. In dist/ the worker is JavaScript.
const runsFromSource = import.meta.url.endsWith('.ts');
const workerUrl = new URL(`./partition-worker.${runsFromSource ? 'ts' : 'js'}`, import.meta.url);
const viaTsx = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;

type Answer = FromThread | { readonly kind: 'out-of-memory' };

function runThread(
  data: ThreadData,
  heapMb: number,
  onProgress: (progress: FilesProgress) => void,
): Promise<Answer> {
  const options = {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: youngGenerationMb },
  };
  const worker = runsFromSource
    ? new Worker(viaTsx, { ...options, eval: true })
    : new Worker(workerUrl, options);
  return new Promise((resolve, reject) => {
    let answer: Answer | undefined;
    worker.on('message', (message: FromThread) => {
      if (message.kind === 'progress') onProgress(message.progress);
      else answer = message;
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') answer = { kind: 'out-of-memory' };
      else reject(error);
    });
    worker.on('exit', (code) => {
      if (answer) resolve(answer);
      else reject(new Error(`a reconciliation thread exited with code ${code} without a report`));
    });
  });
}

function sumProgress(parts: readonly (FilesProgress | undefined)[], files: FilesProgress): FilesProgress {
  const side = (s: 'source' | 'target') => ({
    records: parts.reduce((n, p) => n + (p?.[s].records ?? 0), 0),
    // Every thread reads the whole file: the slowest one says how far the run is.
    bytesRead: Math.min(...parts.map((p) => p?.[s].bytesRead ?? 0)),
    bytes: files[s].bytes,
  });
  return { source: side('source'), target: side('target') };
}

async function inThreads(
  files: SidesToRead,
  plan: FilesPlan,
  onProgress: (progress: FilesProgress) => void,
): Promise<ReconciliationReport | 'out-of-memory'> {
  const sizes: FilesProgress = {
    source: { records: 0, bytesRead: 0, bytes: openRecordFile(files.source).bytes },
    target: { records: 0, bytesRead: 0, bytes: openRecordFile(files.target).bytes },
  };
  const latest: (FilesProgress | undefined)[] = [];
  const answers = await Promise.all(
    Array.from({ length: plan.threads }, (_, index) =>
      runThread({ files, part: { index, of: plan.threads } }, plan.heapMb, (progress) => {
        latest[index] = progress;
        onProgress(sumProgress(latest, sizes));
      }),
    ),
  );
  const reports: ReconciliationReport[] = [];
  const badLines: Extract<FromThread, { kind: 'bad-line' }>[] = [];
  for (const answer of answers) {
    if (answer.kind === 'done') reports.push(answer.report);
    else if (answer.kind === 'bad-line') badLines.push(answer);
    else if (answer.kind === 'out-of-memory') return 'out-of-memory';
    else if (answer.kind === 'failed') throw new Error(`a reconciliation thread failed: ${answer.message}`);
  }
  // Each thread stops at the first bad line of its part: the earliest of those is the file's first.
  const [first] = badLines.sort(
    (a, b) =>
      Number(a.file !== files.source) - Number(b.file !== files.source) || (a.line ?? 0) - (b.line ?? 0),
  );
  if (first) throw new RecordFileError(first.file, first.line, first.problem);
  return mergeReports(reports);
}

export async function reconcileFiles(
  files: SidesToRead,
  plan: FilesPlan,
  options: {
    readonly onProgress?: (progress: FilesProgress) => void;
    /** Told when the run has to start again with more memory. */
    readonly onNote?: (note: string) => void;
  } = {},
): Promise<ReconciliationReport> {
  const onProgress = options.onProgress ?? (() => undefined);
  if (plan.threads < 1) return readSides(files, undefined, onProgress);
  const report = await inThreads(files, plan, onProgress);
  if (report !== 'out-of-memory') return report;
  // The estimate was short (records much smaller than the files suggest): once more, with twice the heap.
  options.onNote?.(
    `a thread ran out of its ${plan.heapMb} MB heap; reading again with ${plan.heapMb * 2} MB`,
  );
  const again = await inThreads(files, { ...plan, heapMb: plan.heapMb * 2 }, onProgress);
  if (again === 'out-of-memory')
    throw new Error(`a reconciliation thread ran out of its ${plan.heapMb * 2} MB heap`);
  return again;
}
