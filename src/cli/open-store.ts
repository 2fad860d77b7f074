// Commands that work on history (dlq, replay) open the store named by --config or --db.
import { existsSync } from 'node:fs';
import { loadConfig } from '../config/load-config.ts';
import type { Store } from '../store/port.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { CliError } from './cli-error.ts';

export interface StoreLocation {
  readonly config?: string;
  readonly db?: string;
}

export function openStoreAt(location: StoreLocation): Store {
  const file =
    location.db ?? (location.config === undefined ? undefined : loadConfig(location.config).store.sqlite);
  if (file === undefined)
    throw new CliError('Name the store: --config ledgerline.yaml or --db path/to/ledgerline.sqlite');
  if (!existsSync(file))
    throw new CliError(`No Ledgerline store at ${file}. Check --db / the config's store.sqlite.`);
  return openSqliteStore(file);
}
