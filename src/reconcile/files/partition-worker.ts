// A thread of a split file reconciliation: reads both files, keeps the records of its part of the keys and
// answers its report (reconcile-files.ts merges them).
import { parentPort, workerData } from 'node:worker_threads';
import { readSides } from './read-sides.ts';
import { RecordFileError } from './record-file-error.ts';
import type { FromThread, ThreadData } from './thread-protocol.ts';

const progressEveryMs = 200;
const data = workerData as ThreadData;
const send = (message: FromThread) => parentPort?.postMessage(message);

let last = 0;
try {
  const report = await readSides(data.files, data.part, (progress) => {
    const now = Date.now();
    if (now - last < progressEveryMs) return;
    last = now;
    send({ kind: 'progress', progress });
  });
  send({ kind: 'done', report });
} catch (error) {
  if (error instanceof RecordFileError)
    send({ kind: 'bad-line', file: error.file, line: error.line, problem: error.problem });
  else
    send({
      kind: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
}
