// Commands that work on history (dlq, replay, reconcile) open the store named by --config, --db (a SQLite
// file) or --store (a SQLite file or a postgres:// URL).
import { existsSync } from 'node:fs';
import { loadConfig } from '../config/load-config.ts';
import type { StoreConfig } from '../config/schema.ts';
import type { Store } from '../store/port.ts';
import { describeStore, openConfiguredStore, storeFromOption } from '../store/open-store.ts';
import { CliError } from './cli-error.ts';
import type { FieldSealer } from '../store/field-sealer.ts';
import { configuredSealer } from '../security/field-protection/field-keys.ts';

export interface StoreLocation {
  readonly config?: string;
  readonly db?: string;
  readonly store?: string;
}

function storeOf(location: StoreLocation): StoreConfig {
  if (location.store !== undefined) return storeFromOption(location.store);
  if (location.db !== undefined) return { sqlite: location.db };
  if (location.config !== undefined) return loadConfig(location.config).store;
  throw new CliError(
    'Name the store: --config ledgerline.yaml, --db path/to/ledgerline.sqlite or --store postgres://...',
  );
}

export async function openStoreAt(location: StoreLocation): Promise<Store> {
  // The configuration's field keys open what the service sealed (issue 8); --db/--store use the defaults.
  const sealer =
    location.store === undefined && location.db === undefined && location.config !== undefined
      ? configuredSealer(loadConfig(location.config))
      : undefined;
  return openStore(storeOf(location), sealer);
}

/** Opens an existing store; a SQLite file that is not there is an error, not a new empty store. */
export async function openStore(store: StoreConfig, sealer?: FieldSealer): Promise<Store> {
  if ('sqlite' in store && !existsSync(store.sqlite))
    throw new CliError(`No Ledgerline store at ${store.sqlite}. Check --db / the config's store.sqlite.`);
  try {
    return await openConfiguredStore(store, sealer ? { sealer } : {});
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `Cannot open the store at ${describeStore(store)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
