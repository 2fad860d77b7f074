// `ledgerline keys status|rotate|new`: operating the field-encryption keys (issue 8, docs/security.md).
// Rotation without downtime: add a key and make it current (config, or `keys new` for the embedded key
// file), restart or roll the service (new writes use it, old rows still open), then `keys rotate`
// re-seals old rows in batches and `keys status` shows when no row uses the old key any more.
import type { Command } from 'commander';
import { auditEntry, cliActor } from '../../audit/record.ts';
import { loadConfig } from '../../config/load-config.ts';
import type { FieldKeyring } from '../../security/field-protection/field-cipher.ts';
import {
  addKeyToFile,
  configuredKeyring,
  defaultSqliteKeyring,
  keyFileOf,
} from '../../security/field-protection/field-keys.ts';
import { keyUsage, rotateKeys } from '../../security/field-protection/key-usage.ts';
import { CliError } from '../cli-error.ts';
import { openStoreAt, type StoreLocation } from '../open-store.ts';

function withStore(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML configuration naming the store and its keys')
    .option('--db <file>', 'SQLite store file (keys from the key file beside it)');
}

/** The keys a command works with: the configuration's, or the embedded key file beside a SQLite store. */
function keyringAt(location: StoreLocation): FieldKeyring {
  if (location.db !== undefined) return defaultSqliteKeyring(location.db);
  if (location.config === undefined)
    throw new CliError('Name the store: --config ledgerline.yaml or --db FILE');
  const config = loadConfig(location.config);
  const configured = configuredKeyring(config);
  if (configured !== undefined) return configured;
  if ('sqlite' in config.store) return defaultSqliteKeyring(config.store.sqlite);
  throw new CliError(
    'No field keys: configure security.fieldEncryption (currentKeyId and keys) for a PostgreSQL store.',
  );
}

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('field-encryption keys: status, rotation');

  withStore(keys.command('status').description('rows per key id, so an old key can be retired'))
    .option('--json', 'print JSON')
    .action(async (opts: StoreLocation & { json?: boolean }) => {
      const keyring = keyringAt(opts);
      const store = await openStoreAt(opts);
      try {
        const usage = await keyUsage(store);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ currentKeyId: keyring.currentKeyId, usage }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `Current key: ${keyring.currentKeyId}; loaded: ${[...keyring.keys.keys()].join(', ')}\n`,
        );
        for (const u of usage) {
          const per = Object.entries(u.byKey)
            .map(([id, n]) => `${id}: ${n}`)
            .join(', ');
          process.stdout.write(
            `  ${u.table.padEnd(13)} ${String(u.rows).padStart(8)} rows; sealed under ${per || 'no key'}; sensitive in clear: ${u.clear}\n`,
          );
        }
        const stale = usage.some(
          (u) => u.clear > 0 || Object.keys(u.byKey).some((id) => id !== keyring.currentKeyId),
        );
        process.stdout.write(
          stale
            ? 'Some rows are not under the current key: run `ledgerline keys rotate`.\n'
            : 'Every row is under the current key: the other keys can be retired.\n',
        );
      } finally {
        await store.close();
      }
    });

  withStore(keys.command('rotate').description('re-seal every row not under the current key, in batches'))
    .option('--batch <n>', 'rows per transaction', '500')
    .action(async (opts: StoreLocation & { batch: string }) => {
      const batch = Number(opts.batch);
      if (!Number.isInteger(batch) || batch < 1 || batch > 10_000)
        throw new CliError('--batch must be a whole number from 1 to 10000');
      const keyring = keyringAt(opts);
      const store = await openStoreAt(opts);
      try {
        const result = await rotateKeys(store, keyring, {
          batch,
          progress: (p) =>
            process.stderr.write(`\r${p.table}: ${p.scanned} scanned, ${p.resealed} re-sealed   `),
        });
        process.stderr.write('\n');
        const resealed = result.reduce((n, r) => n + r.resealed, 0);
        const skipped = result.reduce((n, r) => n + r.skipped, 0);
        await store.appendAudit([
          auditEntry(cliActor(), 'keys.rotated', `key:${keyring.currentKeyId}`, { resealed, skipped }),
        ]);
        process.stdout.write(
          `Re-sealed ${resealed} rows under ${keyring.currentKeyId}` +
            (skipped > 0 ? `; ${skipped} changed meanwhile: run it again.\n` : '.\n'),
        );
      } finally {
        await store.close();
      }
    });

  keys
    .command('new')
    .description(
      "add a key to a SQLite store's key file and make it current (configured keys: edit the config)",
    )
    .requiredOption('--db <file>', 'SQLite store file')
    .action((opts: { db: string }) => {
      const id = addKeyToFile(opts.db);
      process.stdout.write(
        `Added key ${id} to ${keyFileOf(opts.db)} and made it current. Restart the service, then run ` +
          '`ledgerline keys rotate`.\n',
      );
    });
}
