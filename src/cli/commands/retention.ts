// `ledgerline retention run` purges raw payloads past their retention (issue 8; src/security/retention).
// Erasure is `ledgerline erase` (erase.ts).
import type { Command } from 'commander';
import { auditEntry, cliActor } from '../../audit/record.ts';
import { loadConfig } from '../../config/load-config.ts';
import { storeSealerOf } from '../../security/field-protection/field-keys.ts';
import { purgePayloads } from '../../security/retention/purge-payloads.ts';
import { CliError } from '../cli-error.ts';
import { openStoreAt } from '../open-store.ts';

export function registerRetentionCommands(program: Command): void {
  const retention = program.command('retention').description('purge raw payloads past their retention');
  retention
    .command('run')
    .description('purge raw payloads of finished events older than `retention` says (a digest is kept)')
    .requiredOption('-c, --config <file>', 'YAML configuration naming the store and `retention`')
    .option('--dry-run', 'count what would be purged, change nothing')
    .action(async (opts: { config: string; dryRun?: boolean }) => {
      const config = loadConfig(opts.config);
      if (config.retention === undefined)
        throw new CliError(
          'The configuration has no `retention` section (retention: { rawPayloadDays: N }).',
        );
      const store = await openStoreAt({ config: opts.config });
      try {
        const result = await purgePayloads(store, storeSealerOf(config), config.retention, {
          dryRun: opts.dryRun === true,
        });
        if (!result.dryRun && result.purged > 0)
          await store.appendAudit([
            auditEntry(cliActor(), 'retention.purged', `retention:${new Date().toISOString().slice(0, 10)}`, {
              purged: result.purged,
              perDomain: result.perDomain,
              digest: result.digest,
            }),
          ]);
        const per = Object.entries(result.perDomain)
          .filter(([, n]) => n > 0)
          .map(([d, n]) => `${d} ${n}`)
          .join(', ');
        process.stdout.write(
          `${result.dryRun ? 'Would purge' : 'Purged'} ${result.purged} payloads${per ? ` (${per})` : ''}.\n`,
        );
      } finally {
        await store.close();
      }
    });
}
