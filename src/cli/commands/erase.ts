// `ledgerline erase --subject ID | --name NAME` pseudonymises a person's personal data (issue 8,
// src/security/erasure): by canonical id, or by a value found in the master records' personal fields, or,
// when no master record holds it (an approver who is not a consultant), in the events' personal fields.
import type { Command } from 'commander';
import { auditEntry, cliActor } from '../../audit/record.ts';
import { loadConfig } from '../../config/load-config.ts';
import {
  eraseSubject,
  eraseValue,
  erasureKey,
  type ErasureOptions,
  type ErasureResult,
} from '../../security/erasure/erase-subject.ts';
import { findSubjectsByValue, findValueInEvents } from '../../security/erasure/find-subjects.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';
import type { Store } from '../../store/port.ts';
import {
  configuredKeyring,
  defaultSqliteKeyring,
  storeSealerOf,
} from '../../security/field-protection/field-keys.ts';
import { CliError, exitCodes } from '../cli-error.ts';
import { openStoreAt } from '../open-store.ts';

interface EraseOptions {
  readonly subject?: string;
  readonly name?: string;
  readonly all?: boolean;
  readonly dryRun?: boolean;
  readonly config: string;
}

/** Every event is opened to search its personal fields: on a terminal, say how far the scan is. */
const progress: ErasureOptions['progress'] = process.stderr.isTTY
  ? (p) => process.stderr.write(`\rsearching ${p.table}: ${p.scanned} rows opened   `)
  : undefined;
const scanOptions: ErasureOptions = progress === undefined ? {} : { progress };
const endProgress = () => {
  if (progress !== undefined) process.stderr.write('\n');
};

export function registerEraseCommand(program: Command): void {
  program
    .command('erase')
    .description(
      "pseudonymise a person's personal data everywhere the store keeps it (the audit chain stays valid)",
    )
    .option('--subject <id>', 'the canonical id of the person or resource, e.g. resource:sandbox-psa:U-7')
    .option(
      '--name <name>',
      'find the person by a personal field\'s value instead, e.g. --name "Amelia Smith" or an approver\'s e-mail',
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
      const key = erasureKey(fieldKey);
      const store = await openStoreAt({ config: opts.config });
      try {
        const sealer = storeSealerOf(config);
        if (opts.name !== undefined) {
          const subjects = await subjectsNamed(store, sealer, opts.name, opts);
          if (subjects === 'none') return await eraseByValue(store, sealer, opts.name, key, opts);
          for (const subject of subjects)
            await erase(store, subject, eraseSubject(store, sealer, subject, key, scanOptions));
        } else {
          const subject = opts.subject ?? '';
          await erase(store, subject, eraseSubject(store, sealer, subject, key, scanOptions));
        }
      } finally {
        await store.close();
      }
    });
}

/** Records the erasure (the subject by digest only: the audit log never holds what was erased) and says
 * what changed. */
async function erase(store: Store, subject: string, erasing: Promise<ErasureResult>): Promise<void> {
  const result = await erasing;
  endProgress();
  const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
  await store.appendAudit([
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

/** No master record holds the value: an approver (or anyone named only in others' records) is erased by
 * the value itself, wherever an event's personal field holds it. */
async function eraseByValue(
  store: Store,
  sealer: FieldSealer,
  value: string,
  key: Buffer,
  opts: EraseOptions,
): Promise<void> {
  const found = await findValueInEvents(store, sealer, value, progress);
  endProgress();
  if (found.events === 0) {
    process.stdout.write('No record holds that value in a personal field: nothing to erase.\n');
    return;
  }
  const listed = [...found.fields].map(([where, n]) => `  ${where}: ${n}`).join('\n');
  if (opts.dryRun === true) {
    process.stdout.write(
      `No master record holds that value; ${found.events} event(s) do, in personal fields:\n${listed}\nWould pseudonymise it there and in its copies.\n`,
    );
    return;
  }
  await erase(store, 'the value named', eraseValue(store, sealer, value, key, scanOptions));
}

/** The canonical ids `--name` finds, once the operator has said which: one, or `--all` of several; 'none'
 * when no master record holds the value. A dry run lists them and answers no id. */
async function subjectsNamed(
  store: Store,
  sealer: FieldSealer,
  name: string,
  opts: EraseOptions,
): Promise<string[] | 'none'> {
  const found = await findSubjectsByValue(store, sealer, name);
  const ids = [...new Set(found.map((f) => f.id))];
  const listed = found.map((f) => `  ${f.id} (${f.kind} ${f.field})`).join('\n');
  if (ids.length === 0) return 'none';
  if (opts.dryRun === true) {
    process.stdout.write(
      `Would erase ${ids.length} record(s):\n${listed}\nand the person's name or id wherever another record's personal field holds it (an approver).\n`,
    );
    return [];
  }
  if (ids.length > 1 && opts.all !== true)
    throw new CliError(
      `${ids.length} records hold that value:\n${listed}\nErase one with --subject ID, or every one with --all: nothing was erased.`,
      exitCodes.checkFailed,
    );
  return ids;
}
