// A record file as a ReconciliationReader, like a system's: the records dated or booked in the period
// (and of the entity, when asked). The CLI hands files to the engine whole instead (a late booking then
// meets its source of the month before); this is for in-process use with the reader interface.
import { basename } from 'node:path';
import { bookedPeriod, type ReconciliationReader } from '../record.ts';
import { openRecordFile, recordsOf } from './record-file.ts';

export function fileReconciliationReader(path: string): ReconciliationReader {
  const file = openRecordFile(path);
  return {
    system: basename(path),
    async *read(scope) {
      for await (const r of recordsOf(file))
        if (
          (r.date.startsWith(scope.period) || bookedPeriod(r) === scope.period) &&
          (scope.entity === undefined || r.entity === scope.entity)
        )
          yield r;
    },
  };
}
