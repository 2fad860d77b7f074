// `ledgerline erp invoice --config FILE [--project ID ...] [--post]`: starts the ERP's own project
// invoicing (Tryton computes the invoices from the time Ledgerline posted), so finance runs a billing
// cycle from the same tool that fed the ERP. The running service then reads the invoices back and writes
// their numbers and status to the PSA.
import type { Command } from 'commander';
import { xrefKey } from '../../store/port.ts';
import { CliError, exitCodes } from '../cli-error.ts';
import { withConnectors } from '../with-connectors.ts';

export function registerErpCommand(program: Command): void {
  program
    .command('erp')
    .description('operate the ERP through its connector')
    .command('invoice')
    .description(
      "run the ERP's own project invoicing (Tryton: project.work.invoice) on the projects Ledgerline set up",
    )
    .requiredOption('-c, --config <file>', 'YAML configuration naming the systems and the store')
    .option(
      '-p, --project <id...>',
      "projects to invoice: canonical ids (project:redmine:12) or the ERP's own ids; default every project with time to invoice",
    )
    .option('--post', 'post the draft invoices, so they get their numbers (default: leave them draft)')
    .option('--json', 'print the invoices as JSON')
    .action(async (opts: { config: string; project?: string[]; post?: boolean; json?: boolean }) => {
      await withConnectors(opts.config, async ({ config, store, connectors }) => {
        const invoicing = connectors.projectInvoicing;
        if (!invoicing)
          throw new CliError(
            `the ERP ${config.systems.erp.id} (${config.systems.erp.connector}) has no project invoicing Ledgerline can start`,
            exitCodes.usage,
          );
        const erp = config.systems.erp.id;
        const canonical = (opts.project ?? []).filter((p) => p.includes(':'));
        const context = await store.loadContext({
          xrefs: canonical.map((id) => xrefKey(id, erp)),
          master: [],
        });
        const projectExternalIds = (opts.project ?? []).map((p) => {
          if (!p.includes(':')) return p;
          const external = context.xrefs.get(xrefKey(p, erp));
          if (external === undefined)
            throw new CliError(`${p} has not been set up in ${erp} (no cross-reference)`, exitCodes.usage);
          return external;
        });
        const invoices = await invoicing.invoiceProjects({
          ...(opts.project ? { projectExternalIds } : {}),
          post: opts.post === true,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(invoices, null, 2)}\n`);
        else {
          process.stdout.write(`${invoices.length} invoice(s) created in ${erp}\n`);
          for (const i of invoices)
            process.stdout.write(
              `  ${i.number ?? '(draft)'}  ${i.state}  ${i.total}  (${erp} id ${i.externalId})\n`,
            );
        }
      });
    });
}
