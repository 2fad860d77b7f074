// Opens the store a configuration names: the SQLite file, or the PostgreSQL schema.
import type { StoreConfig } from '../config/schema.ts';
import type { Store } from './port.ts';
import type { FieldSealer } from './field-sealer.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { redact } from './postgres/database.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { ThreadWriteLock } from './sqlite/write-lock.ts';

export interface OpenStoreOptions {
  /** SQLite: shared with the other threads of this process that write to the file. */
  readonly writeLock?: ThreadWriteLock;
  /** PostgreSQL: this process's name in leases. */
  readonly owner?: string;
  /** How sensitive fields are kept (configured keys); absent: the adapter's default. */
  readonly sealer?: FieldSealer;
}

export function openConfiguredStore(store: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  if ('sqlite' in store)
    return Promise.resolve(
      openSqliteStore(store.sqlite, {
        ...(options.writeLock ? { writeLock: options.writeLock } : {}),
        ...(options.sealer ? { sealer: options.sealer } : {}),
      }),
    );
  return openPostgresStore(store.postgres, {
    ...(store.poolSize === undefined ? {} : { poolSize: store.poolSize }),
    ...(options.owner === undefined ? {} : { owner: options.owner }),
    ...(options.sealer ? { sealer: options.sealer } : {}),
  });
}

/** Where the store is, for messages (a PostgreSQL password never shows). */
export function describeStore(store: StoreConfig): string {
  return 'sqlite' in store ? store.sqlite : redact(store.postgres);
}

/**
 * Reads a `--store` option: a postgres:// URL, or the path of a SQLite file.
 */
export function storeFromOption(value: string): StoreConfig {
  return /^postgres(ql)?:\/\//.test(value) ? { postgres: value } : { sqlite: value };
}
