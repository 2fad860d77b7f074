// Reads a period from two record files (threads for large ones, reconcile-files.ts); a bad line is a usage
// error naming file and line.
import { basename } from 'node:path';
import { CliError, exitCodes } from '../../cli/cli-error.ts';
import { RecordFileError } from '../files/record-file-error.ts';
import { planFiles, reconcileFiles } from '../files/reconcile-files.ts';
import type { ReconcileScope } from '../report.ts';
import type { ReconcileProgress } from '../progress-display.ts';
import type { ReconciledRun } from '../read-systems.ts';

export async function readFiles(
  files: { readonly source: string; readonly target: string },
  scope: ReconcileScope,
  progress: ReconcileProgress,
  threads: number | undefined,
): Promise<ReconciledRun> {
  try {
    const sides = { ...files, scope };
    const report = await reconcileFiles(sides, planFiles(sides, threads ?? 2), {
      onProgress: (p) => progress.files(p),
      onNote: (note) => process.stderr.write(`${note}\n`),
    });
    progress.finish();
    return {
      report,
      context: { source: basename(files.source), target: basename(files.target), notCompared: [] },
    };
  } catch (error) {
    progress.finish();
    if (error instanceof RecordFileError) throw new CliError(error.message, exitCodes.usage);
    throw error;
  }
}
