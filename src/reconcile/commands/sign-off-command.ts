// `ledgerline reconcile sign-off --period P --by NAME --config F`: reconciles the period and, when nothing
// differs (or the signer accepts what does, with a reason), records who signed which totals and when, in
// the store's append-only, hash-chained sign-offs.
import { CliError, exitCodes } from '../../cli/cli-error.ts';
import { signOffPeriod } from '../sign-off-period.ts';
import { cliActor } from '../../audit/record.ts';
import { loadConfig } from '../../config/load-config.ts';
import { peopleFrom } from '../../security/people.ts';
import { scopeOf } from './command-options.ts';
import { withReconciliation, type InputOptions } from './period-command.ts';

export interface SignOffOptions extends InputOptions {
  readonly by: string;
  readonly acceptDifferences?: string;
}

export async function signOffCommand(options: SignOffOptions): Promise<void> {
  const scope = scopeOf(options);
  if (options.by.trim() === '') throw new CliError('--by names who signs off, e.g. --by "Ada Lovelace"');
  if (options.acceptDifferences?.trim() === '')
    throw new CliError('--accept-differences takes the reason the differences are accepted');
  if (options.config === undefined)
    throw new CliError('sign-offs are kept in the store: name it with --config FILE');
  const people = peopleFrom(loadConfig(options.config).security?.people);
  await withReconciliation(options, scope, async ({ report, context }, store) => {
    if (!store) throw new CliError('sign-offs are kept in the store: name it with --config FILE');
    const scopeText = `${report.period}${report.entity === undefined ? '' : ` for ${report.entity}`}`;
    const signer = cliActor();
    const outcome = await signOffPeriod(
      store,
      { report, context },
      {
        signedBy: options.by.trim(),
        actor: signer,
        people,
        at: new Date(),
        ...(options.acceptDifferences === undefined
          ? {}
          : { acceptedDifferences: options.acceptDifferences }),
      },
    );
    if (outcome.kind === 'differences-open')
      throw new CliError(
        `${outcome.differences} difference(s) open in ${scopeText}: nothing was signed. Resolve them (ledgerline reconcile --period ${report.period}), or sign off with --accept-differences "REASON"`,
        exitCodes.checkFailed,
      );
    // Segregation of duties: who corrected the period does not also sign it off.
    if (outcome.kind === 'segregation')
      throw new CliError(
        `${people.describe(signer)} ran corrections for ${scopeText} (reconcile --repair${outcome.corrector === signer ? '' : `, as ${outcome.corrector}`}), so may not also sign it off (segregation of duties): nothing was signed. Another person signs it off.`,
        exitCodes.checkFailed,
      );
    const signed = outcome.signOff;
    process.stdout.write(
      [
        `signed off ${scopeText} (${context.source} against ${context.target}) as #${signed.seq} by ${signed.signedBy} at ${signed.signedAt}`,
        `  ${report.read.source} and ${report.read.target} records, ${report.differences.length} difference(s)${signed.acceptedDifferences === null ? '' : ` accepted: ${signed.acceptedDifferences}`}`,
        `  totals sha256 ${signed.totalsSha256}`,
        `  sign-off sha256 ${signed.sha256} (after ${signed.previousSha256})`,
      ].join('\n') + '\n',
    );
  });
}
