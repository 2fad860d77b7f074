// `ledgerline reconcile --period P ...`: a period's transactions, PSA against ERP (or two files), with the
// parallel run and sign-offs as subcommands (src/reconcile/commands/); `ledgerline reconcile customers`:
// the ERP's customer master against each PSA's copy. Exit 0 when nothing differs, 1 when something does
// (listed), 2 on bad usage, 3 when a system cannot be reached.
import type { Command } from 'commander';
import {
  parallelRunCommand,
  type ParallelRunOptions,
} from '../../reconcile/commands/parallel-run-command.ts';
import { reconcilePeriodCommand, type PeriodOptions } from '../../reconcile/commands/period-command.ts';
import { signOffCommand, type SignOffOptions } from '../../reconcile/commands/sign-off-command.ts';
import { signOffsCommand, type SignOffsOptions } from '../../reconcile/commands/sign-offs-command.ts';
import { reconcileCustomers, resyncRequests } from '../../pipeline/reconcile-customers.ts';
import { queueClassifier } from '../../pipeline/queues.ts';
import { checkGovernance } from '../../governance/check-governance.ts';
import { randomUUID } from 'node:crypto';
import { CliError, exitCodes } from '../cli-error.ts';
import { withConnectors } from '../with-connectors.ts';

const formatHelp =
  'table (default: totals, then the differences a few per class), json or csv (every record behind a difference)';

/** Where the two sides come from: the configured systems, or two record files. */
function withInputOptions(command: Command): Command {
  return command
    .option(
      '-c, --config <file>',
      'YAML configuration: its PSAs are the source, its ERP the target (and its store)',
    )
    .option(
      '--source <file>',
      'a CSV or JSONL file of the source side (with --target, instead of the systems)',
    )
    .option('--target <file>', 'a CSV or JSONL file of the target side')
    .option('--entity <id>', 'one legal entity only, e.g. LL-UK')
    .option('--progress', 'draw a progress line on stderr (large runs draw it anyway)')
    .option('--threads <n>', 'threads that split a large file pair (default: one per core, at most 2)');
}

export function registerReconcileCommand(program: Command): void {
  const reconcile = withInputOptions(
    program
      .command('reconcile')
      .description(
        'reconcile a period: counts, hours and amounts per entity, project, type and currency, PSA (source) against ERP (target), differences classified and listed with their records',
      )
      .option('--period <yyyy-mm>', 'the month to reconcile, e.g. 2026-10'),
  )
    .option('--format <format>', formatHelp)
    .option('--limit <n>', 'differences listed per class in the table (default 20)')
    .option('--repair', "queue again what the target lacks, from the source's events in Ledgerline's store")
    .action(async (opts: PeriodOptions & { period?: string }) => {
      if (opts.period === undefined)
        throw new CliError(
          'name the period: ledgerline reconcile --period 2026-10 --config FILE (or ledgerline reconcile customers)',
        );
      await reconcilePeriodCommand({ ...opts, period: opts.period });
    });

  reconcile
    .command('parallel-run')
    .description("a legacy interface's export for a period against what Ledgerline posted to the ERP in it")
    .requiredOption('--legacy <file>', "the legacy interface's export: a CSV or JSONL record file")
    .requiredOption('--period <yyyy-mm>', 'the month to compare')
    .requiredOption('-c, --config <file>', "YAML configuration naming Ledgerline's store and ERP")
    .option('--entity <id>', 'one legal entity only')
    .option('--format <format>', formatHelp)
    .option('--limit <n>', 'differences listed per class in the table (default 20)')
    .option('--progress', 'draw a progress line on stderr')
    .option('--repair', "queue again what Ledgerline has not posted, from the source's events in its store")
    .action((opts: ParallelRunOptions) => parallelRunCommand(opts));

  withInputOptions(
    reconcile
      .command('sign-off')
      .description(
        'reconcile the period and record who signed which totals, when: append-only, hash-chained; refused while differences are open',
      )
      .requiredOption('--period <yyyy-mm>', 'the month signed off')
      .requiredOption('--by <name>', 'who signs off'),
  )
    .option('--accept-differences <reason>', 'sign off although differences are open, for this reason')
    .action((opts: SignOffOptions) => signOffCommand(opts));

  reconcile
    .command('sign-offs')
    .description('list the sign-offs and verify their hash chain (exit 1 when it is broken)')
    .requiredOption('-c, --config <file>', "YAML configuration naming Ledgerline's store")
    .option('--period <yyyy-mm>', 'one month only')
    .option('--json', 'print them as JSON')
    .action((opts: SignOffsOptions) => signOffsCommand(opts));

  reconcile
    .command('customers')
    .description("the ERP's customers against each PSA's copy (drifted fields, missing customers)")
    .requiredOption('-c, --config <file>', 'YAML configuration naming the systems and the store')
    .option('--json', 'print the report as JSON')
    .option(
      '--repair',
      "queue a resync of every drifted or missing copy: the running service writes the ERP's record there again",
    )
    .action(async (opts: { config: string; json?: boolean; repair?: boolean }) => {
      await withConnectors(opts.config, async ({ config, store, connectors }) => {
        const master = connectors.customerMaster;
        if (!master)
          throw new CliError(
            `the ERP ${config.systems.erp.id} (${config.systems.erp.connector}) publishes no customer master to reconcile against`,
            exitCodes.usage,
          );
        const report = await reconcileCustomers({
          master,
          psas: connectors.customerReaders,
          store,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          process.stdout.write(`${report.customers} customers in ${report.masterSystem}\n`);
          for (const psa of report.psas) {
            process.stdout.write(
              `${psa.system}: ${psa.inSync} in sync, ${psa.drifted.length} drifted, ${psa.missing.length} missing\n`,
            );
            for (const d of psa.drifted)
              for (const f of d.fields)
                process.stdout.write(
                  `  ${d.customerId} (${d.externalId}) ${f.field}: ${JSON.stringify(f.held)} in ${psa.system}, ${JSON.stringify(f.master)} in ${report.masterSystem}\n`,
                );
            for (const id of psa.missing) process.stdout.write(`  ${id} is not in ${psa.system}\n`);
          }
        }
        if (!report.ok && opts.repair) {
          const requests = resyncRequests(report, new Date(), randomUUID);
          // loadConfig has checked the governance already: a failure here cannot happen.
          const governance = checkGovernance(config);
          const queueOf = queueClassifier(governance.ok ? governance.governance : undefined);
          const receivedAt = Date.now();
          await store.ingest(requests.map((event) => ({ event, receivedAt, queue: queueOf(event.type) })));
          process.stderr.write(
            `queued ${requests.length} resync request(s); the running service writes them (ledgerline serve)\n`,
          );
        }
        if (!report.ok) process.exitCode = exitCodes.checkFailed;
      });
    });
}
