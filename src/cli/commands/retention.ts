// `ledgerline retention run` purges raw payloads past their retention (issue 8; src/security/retention),
// and `ledgerline erase --subject ID | --name NAME` pseudonymises a person's personal data
// (src/security/erasure).
import type { Command } from 'commander';
import { auditEntry, cliActor } from '../../audit/record.ts';
import { loadConfig } from '../../config/load-config.ts';
import { eraseSubject, erasureKey } from '../../security/erasure/erase-subject.ts';
import { findSubjectsByValue } from '../../security/erasure/find-subjects.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';
import {
  configuredKeyring,
  defaultSqliteKeyring,
  storeSealerOf,
} from '../../security/field-protection/field-keys.ts';
import { purgePayloads } from '../../security/retention/purge-payloads.ts';
import { CliError, exitCodes } from '../cli-error.ts';
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

  program
    .command('erase')
    .description(
      "pseudonymise a person's personal data everywhere the store keeps it (the audit chain stays valid)",
    )
    .option('--subject <id>', 'the canonical id of the person or resource, e.g. resource:sandbox-psa:U-7')
    .option(
      '--name <name>',
      'find the person by a personal field\'s value instead, e.g. --name "Amelia Smith"',
    )
    .option('--all', 'with --name: erase every record found (a person known to several PSAs)')
    .option('--dry-run', 'with --name: list what would be erased, change nothing')
    .requiredOption('-c, --config <file>', 'YAML configuration naming the store')
    .action(async (opts: EraseOptions) => {
      if ((opts.subject === undefined) === (opts.name === undefined))
        throw new CliError('Name whom to erase: --subject ID, or --name NAME (not both).');
      if (opts.name?.trim() === '')
        throw new CliError('--name takes the value to find, e.g. --name "Amelia Smith".');
      const config = loadConfig(opts.config);
      const keyring =
        configuredKeyring(config) ??
        ('sqlite' in config.store ? defaultSqliteKeyring(config.store.sqlite) : undefined);
      const fieldKey = keyring?.keys.get(keyring.currentKeyId);
      if (fieldKey === undefined)
        throw new CliError(
          'Erasure needs a field key for its pseudonyms: configure security.fieldEncryption.',
        );
      const store = await openStoreAt({ config: opts.config });
      try {
        const sealer = storeSealerOf(config);
        const subjects =
          opts.name === undefined
            ? [opts.subject ?? '']
            : await subjectsNamed(store, sealer, opts.name, opts);
        for (const subject of subjects) {
          const result = await eraseSubject(store, sealer, subject, erasureKey(fieldKey));
          const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
          await store.appendAudit([
            // The subject by digest only: the audit log never holds what was erased.
            auditEntry(cliActor(), 'subject.erased', `subject-digest:${result.subjectDigest}`, {
              rows: result.rows,
              values: result.values,
            }),
          ]);
          process.stdout.write(
            rows === 0
              ? `Nothing stored about ${subject}.\n`
              : `Pseudonymised ${result.values} personal values in ${rows} rows (${subject}).\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}

interface EraseOptions {
  readonly subject?: string;
  readonly name?: string;
  readonly all?: boolean;
  readonly dryRun?: boolean;
  readonly config: string;
}

/** The canonical ids `--name` finds, once the operator has said which: one, or `--all` of several. A dry
 * run lists them and answers none. */
async function subjectsNamed(
  store: Parameters<typeof findSubjectsByValue>[0],
  sealer: FieldSealer,
  name: string,
  opts: EraseOptions,
): Promise<string[]> {
  const found = await findSubjectsByValue(store, sealer, name);
  const ids = [...new Set(found.map((f) => f.id))];
  const listed = found.map((f) => `  ${f.id} (${f.kind} ${f.field})`).join('\n');
  if (ids.length === 0) {
    process.stdout.write('No master record holds that value in a personal field: nothing to erase.\n');
    return [];
  }
  if (opts.dryRun === true) {
    process.stdout.write(`Would erase ${ids.length} record(s):\n${listed}\n`);
    return [];
  }
  if (ids.length > 1 && opts.all !== true)
    throw new CliError(
      `${ids.length} records hold that value:\n${listed}\nErase one with --subject ID, or every one with --all: nothing was erased.`,
      exitCodes.checkFailed,
    );
  return ids;
}
