// Where field keys come from: the configuration's `security.fieldEncryption` (each key a secret ref), or,
// for the embedded SQLite default, a key file beside the database created on first open, so `npm start`
// needs no set-up. A key file protects a copied or leaked database file only when it is not copied with it:
// production configures keys from the environment or a secrets mount instead (docs/security.md).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ConfigError, resolveSecret } from '../../config/load-config.ts';
import type { FieldEncryptionConfig } from '../../config/protection-schema.ts';
import { keyIdPattern, type FieldKeyring } from './field-cipher.ts';
import { fieldSealer } from './field-sealer.ts';
import type { FieldSealer } from '../../store/field-sealer.ts';

/** A key as configured: 32 bytes, as base64 (44 characters) or hex (64). */
export function decodeKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

export function keyringFromConfig(
  config: FieldEncryptionConfig,
  env: NodeJS.ProcessEnv = process.env,
  where = 'security.fieldEncryption',
): FieldKeyring {
  const keys = new Map<string, Buffer>();
  for (const [id, ref] of Object.entries(config.keys)) {
    const key = decodeKey(resolveSecret(ref, `${where}.keys.${id}`, env));
    if (key === undefined)
      throw new ConfigError(`${where}.keys.${id}`, [
        'a field key must be 32 random bytes, base64 or hex (e.g. `openssl rand -base64 32`)',
      ]);
    keys.set(id, key);
  }
  if (!keys.has(config.currentKeyId))
    throw new ConfigError(`${where}.currentKeyId`, [
      `"${config.currentKeyId}" is not one of the keys (${[...keys.keys()].join(', ')})`,
    ]);
  return { currentKeyId: config.currentKeyId, keys };
}

interface KeyFile {
  currentKeyId: string;
  keys: Record<string, string>;
}

export function keyFileOf(sqliteFile: string): string {
  return `${sqliteFile}.keys`;
}

function readKeyFile(file: string): FieldKeyring {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  const keys = new Map<string, Buffer>();
  for (const [id, text] of Object.entries(parsed.keys)) {
    const key = decodeKey(text);
    if (key === undefined || !keyIdPattern.test(id)) throw new Error(`${file}: key ${id} is not 32 bytes`);
    keys.set(id, key);
  }
  if (!keys.has(parsed.currentKeyId)) throw new Error(`${file}: currentKeyId names no key`);
  return { currentKeyId: parsed.currentKeyId, keys };
}

function writeKeyFile(file: string, keyring: FieldKeyring): void {
  const body: KeyFile = {
    currentKeyId: keyring.currentKeyId,
    keys: Object.fromEntries([...keyring.keys].map(([id, key]) => [id, key.toString('base64')])),
  };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
}

/** The embedded default: the key file beside the SQLite file, created (0600) with one key if absent. */
export function defaultSqliteKeyring(sqliteFile: string): FieldKeyring {
  if (sqliteFile === ':memory:' || sqliteFile === '')
    return { currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) };
  const file = keyFileOf(sqliteFile);
  if (!existsSync(file)) writeKeyFile(file, { currentKeyId: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
  return readKeyFile(file);
}

/** Adds a fresh key to a SQLite store's key file and makes it current (`ledgerline keys new --db F`). */
export function addKeyToFile(sqliteFile: string): string {
  const keyring = defaultSqliteKeyring(sqliteFile);
  let n = keyring.keys.size + 1;
  while (keyring.keys.has(`k${String(n)}`)) n += 1;
  const id = `k${String(n)}`;
  writeKeyFile(keyFileOf(sqliteFile), {
    currentKeyId: id,
    keys: new Map([...keyring.keys, [id, randomBytes(32)]]),
  });
  return id;
}

/** The keyring a configuration names; undefined: the store's default (SQLite: its key file; PostgreSQL: none). */
export function configuredKeyring(
  config: { readonly security?: { readonly fieldEncryption?: FieldEncryptionConfig } },
  env: NodeJS.ProcessEnv = process.env,
): FieldKeyring | undefined {
  const fe = config.security?.fieldEncryption;
  return fe === undefined ? undefined : keyringFromConfig(fe, env);
}

/** The store sealer a configuration asks for; undefined leaves the adapter's default. */
export function configuredSealer(
  config: { readonly security?: { readonly fieldEncryption?: FieldEncryptionConfig } },
  env: NodeJS.ProcessEnv = process.env,
): FieldSealer | undefined {
  const keyring = configuredKeyring(config, env);
  return keyring === undefined ? undefined : fieldSealer(keyring);
}

/** The sealer the store a configuration names uses (configured keys, else the adapter's default). */
export function storeSealerOf(
  config: {
    readonly store: { readonly sqlite: string } | { readonly postgres: string };
    readonly security?: { readonly fieldEncryption?: FieldEncryptionConfig };
  },
  env: NodeJS.ProcessEnv = process.env,
): FieldSealer {
  return (
    configuredSealer(config, env) ??
    fieldSealer('sqlite' in config.store ? defaultSqliteKeyring(config.store.sqlite) : undefined)
  );
}
