// `ledgerline apikey create|list|revoke`: machine API keys (issue 8). The key is printed once, at
// creation; the store keeps only its hash.
import type { Command } from 'commander';
import { cliActor } from '../../audit/record.ts';
import { isRole, roles, type Role } from '../../security/principal.ts';
import { issueApiKey, revokeApiKey } from '../../security/auth/api-keys.ts';
import type { ApiKeyRecord } from '../../store/api-key-port.ts';
import { CliError, exitCodes } from '../cli-error.ts';
import { openStoreAt, type StoreLocation } from '../open-store.ts';

function withStore(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'YAML configuration naming the store')
    .option('--db <file>', 'SQLite store file')
    .option('--store <url>', 'a postgres:// URL (or a SQLite file) instead of the configured store');
}

function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

function rolesOf(given: readonly string[]): Role[] {
  const unknown = given.filter((r) => !isRole(r));
  if (given.length === 0 || unknown.length > 0)
    throw new CliError(
      `${given.length === 0 ? 'Name a role' : `Unknown role ${unknown.join(', ')}`}: --role takes ${roles.join(', ')} (repeat it or separate with commas).`,
    );
  return [...new Set(given.filter(isRole))];
}

function line(k: ApiKeyRecord): string {
  const state = k.revokedAt === null ? 'active' : `revoked ${k.revokedAt}`;
  return `${k.id}  ${k.name}  roles ${k.roles.join(',')}  created ${k.createdAt} by ${k.createdBy}  last used ${k.lastUsedAt ?? 'never'}  ${state}`;
}

export function registerApiKeyCommand(program: Command): void {
  const apikey = program
    .command('apikey')
    .description('issue, list and revoke API keys for machines and tools');

  withStore(apikey.command('create').description('issue a key and print it once (only its hash is kept)'))
    .requiredOption('--role <role>', `a role: ${roles.join(', ')} (repeatable)`, collect, [])
    .requiredOption('--name <name>', 'what the key is for, e.g. "psa-bridge intake"')
    .option('--json', 'print JSON')
    .action(async (opts: StoreLocation & { role: string[]; name: string; json?: boolean }) => {
      const granted = rolesOf(opts.role);
      const name = opts.name.trim();
      if (name === '' || name.length > 200) throw new CliError('--name needs 1 to 200 characters.');
      const store = await openStoreAt(opts);
      try {
        const issued = await issueApiKey(store, { name, roles: granted, actor: cliActor() });
        if (opts.json)
          process.stdout.write(`${JSON.stringify({ ...issued.record, key: issued.text }, null, 2)}\n`);
        else
          process.stdout.write(
            `API key ${issued.record.id} (${name}, roles ${granted.join(', ')}):\n\n  ${issued.text}\n\n` +
              'Store it now: it is not shown again. Send it as "Authorization: Bearer <key>" or "X-Api-Key: <key>".\n',
          );
      } finally {
        await store.close();
      }
    });

  withStore(apikey.command('list').description('list keys: id, name, roles, created, last used, revoked'))
    .option('--json', 'print JSON')
    .action(async (opts: StoreLocation & { json?: boolean }) => {
      const store = await openStoreAt(opts);
      try {
        const keys = await store.listApiKeys();
        if (opts.json) process.stdout.write(`${JSON.stringify({ apiKeys: keys }, null, 2)}\n`);
        else process.stdout.write(keys.length === 0 ? 'No API keys.\n' : `${keys.map(line).join('\n')}\n`);
      } finally {
        await store.close();
      }
    });

  withStore(
    apikey.command('revoke').description('revoke a key at once; it stays listed, revoked').argument('<id>'),
  ).action(async (id: string, opts: StoreLocation) => {
    const store = await openStoreAt(opts);
    try {
      const revoked = await revokeApiKey(store, id, cliActor());
      if (revoked === undefined)
        throw new CliError(
          `No active API key ${id}: \`ledgerline apikey list\` shows the keys and which are revoked.`,
          exitCodes.checkFailed,
        );
      process.stdout.write(
        `API key ${id} (${revoked.name}) revoked; requests with it are refused from now on.\n`,
      );
    } finally {
      await store.close();
    }
  });
}
