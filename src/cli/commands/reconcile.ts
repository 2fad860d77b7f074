// `ledgerline reconcile customers --config FILE`: the ERP's customer master against each PSA's copy, now.
// Exit 0 when every PSA holds what the ERP says, 1 when something differs (listed), 2/3 as usual.
import type { Command } from 'commander';
import { reconcileCustomers, resyncRequests } from '../../pipeline/reconcile-customers.ts';
import { queueClassifier } from '../../pipeline/queues.ts';
import { checkGovernance } from '../../governance/check-governance.ts';
import { randomUUID } from 'node:crypto';
import { CliError, exitCodes } from '../cli-error.ts';
import { withConnectors } from '../with-connectors.ts';

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description('compare the systems: the ERP customer master against every PSA')
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
