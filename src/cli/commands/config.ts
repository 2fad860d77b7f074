// `ledgerline config propose|approve --config F`: four eyes on governance changes (security.secondApprover).
// The proposer and the approver must be different actors; both are recorded in the audit log.
import { peopleFrom } from '../../security/people.ts';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { auditEntry, cliActor } from '../../audit/record.ts';
import { governanceDigest, historyOf } from '../../security/second-approver.ts';
import { CliError, exitCodes } from '../cli-error.ts';
import { openStore } from '../open-store.ts';

export function registerConfigCommand(program: Command): void {
  const config = program
    .command('config')
    .description('propose and approve governance changes when security.secondApprover is on');

  config
    .command('propose')
    .description("record that you propose this configuration's governance (printed as a digest)")
    .requiredOption('-c, --config <file>', 'YAML configuration')
    .action(async (opts: { config: string }) => {
      const loaded = loadConfig(opts.config);
      const digest = governanceDigest(loaded);
      const store = await openStore(loaded.store);
      try {
        await store.appendAudit([
          auditEntry(cliActor(), 'config.proposed', `governance:${digest}`, { file: opts.config }),
        ]);
        process.stdout.write(
          `Proposed governance ${digest} as ${cliActor()}. Another person approves it with \`ledgerline config approve --config ${opts.config}\`.\n`,
        );
      } finally {
        await store.close();
      }
    });

  config
    .command('approve')
    .description("approve this configuration's governance, proposed by someone else")
    .requiredOption('-c, --config <file>', 'YAML configuration')
    .action(async (opts: { config: string }) => {
      const loaded = loadConfig(opts.config);
      const digest = governanceDigest(loaded);
      const actor = cliActor();
      const store = await openStore(loaded.store);
      try {
        const history = await historyOf(store, digest);
        if (history.proposedBy.length === 0)
          throw new CliError(
            `Governance ${digest} was never proposed: someone runs \`ledgerline config propose --config ${opts.config}\` first.`,
            exitCodes.checkFailed,
          );
        // One person under another identity (security.people) is still the proposer.
        const people = peopleFrom(loaded.security?.people);
        const proposers = history.proposedBy.filter((p) => !people.samePerson(p, actor));
        if (proposers.length === 0)
          throw new CliError(
            `${people.describe(actor)} proposed governance ${digest}, so may not also approve it (segregation of duties): another person approves it.`,
            exitCodes.checkFailed,
          );
        await store.appendAudit([
          auditEntry(actor, 'config.approved', `governance:${digest}`, {
            proposedBy: proposers,
            file: opts.config,
          }),
        ]);
        process.stdout.write(
          `Approved governance ${digest} (proposed by ${proposers.join(', ')}) as ${actor}.\n`,
        );
      } finally {
        await store.close();
      }
    });
}
