// Reads a period from the configured systems: every PSA's reader is the source side, the ERP's the
// target. A system whose connector has no reader stops the run (it is never skipped in silence); a type
// one side cannot read is left out on both and named.
import type { CoveredReader, ReaderSlot } from './covered-reader.ts';
import { ReconciliationRun } from './engine.ts';
import type { NotCompared, ReportContext } from './format/report-context.ts';
import type { Side } from './groups.ts';
import type { ReconcileScope, ReconciliationReport } from './report.ts';
import { transactionTypes, type TransactionType } from './record.ts';
import type { ReconcileProgress } from './progress-display.ts';
import { SystemReadError } from './system-read-error.ts';

export interface ReconciledRun {
  readonly report: ReconciliationReport;
  readonly context: ReportContext;
}

function readersOf(slots: readonly ReaderSlot[]): CoveredReader[] {
  const lacking = slots.filter((s) => s.reader === undefined);
  if (lacking.length > 0)
    throw new SystemReadError(
      `no reconciliation reader for ${lacking.map((s) => `${s.system} (${s.connector})`).join(', ')}: export its records to a CSV or JSONL file and reconcile with --source FILE --target FILE`,
      'no-reader',
    );
  return slots.flatMap((s) => (s.reader ? [s.reader] : []));
}

/** Types every reader can read, and why the others are left out. */
export function comparedTypes(readers: readonly CoveredReader[]): {
  types: ReadonlySet<TransactionType>;
  notCompared: NotCompared[];
} {
  const types = new Set(transactionTypes.filter((t) => readers.every((r) => r.types.includes(t))));
  const notCompared = transactionTypes
    .filter((t) => !types.has(t))
    .map((type) => ({
      type,
      reason: readers
        .filter((r) => !r.types.includes(type))
        .map((r) => r.gaps ?? `${r.system} cannot read ${type}`)
        .join('; '),
    }));
  return { types, notCompared };
}

export async function readSystems(
  slots: { readonly psa: readonly ReaderSlot[]; readonly erp: ReaderSlot },
  scope: ReconcileScope,
  /** The CLI's progress line; the service passes one that shows nothing. */
  progress: Pick<ReconcileProgress, 'records' | 'finish'>,
): Promise<ReconciledRun> {
  const all = [...slots.psa, slots.erp];
  try {
    const readers = readersOf([...slots.psa, slots.erp]);
    const erp = readers[readers.length - 1];
    const psas = readers.slice(0, -1);
    if (!erp) throw new SystemReadError('no ERP is configured', 'no-reader');
    const { types, notCompared } = comparedTypes([...psas, erp]);
    const run = new ReconciliationRun(scope);
    let finished = 0;
    const sides = psas.length + 1;
    const drain = async (reader: CoveredReader, side: Side) => {
      try {
        for await (const record of reader.read(scope)) {
          if (!types.has(record.type)) continue;
          run.add(side, record);
          if ((run.read.source + run.read.target) % 1000 === 0)
            progress.records(run.read.source, run.read.target, finished, sides);
        }
      } catch (error) {
        if (error instanceof SystemReadError) throw error;
        throw new SystemReadError(
          `reading ${reader.system} failed: ${error instanceof Error ? error.message : String(error)}`,
          'unreadable',
        );
      }
      finished += 1;
      progress.records(run.read.source, run.read.target, finished, sides);
    };
    await Promise.all([...psas.map((r) => drain(r, 'source')), drain(erp, 'target')]);
    progress.finish();
    return {
      report: run.report(),
      context: { source: psas.map((r) => r.system).join(', '), target: erp.system, notCompared },
    };
  } finally {
    await Promise.all(all.flatMap((s) => (s.reader ? [s.reader.close()] : [])));
  }
}
