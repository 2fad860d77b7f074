// CLI commands that talk to the configured systems (reconcile, erp) open the store and build the
// connectors the same way, and close both whatever happens.
import { loadConfig } from '../config/load-config.ts';
import type { Config } from '../config/schema.ts';
import { sourceMemoryOf } from '../pipeline/poller.ts';
import { buildConnectors, type BuiltConnectors } from '../service/connectors.ts';
import type { Store } from '../store/port.ts';
import { openStore } from './open-store.ts';
import { configuredSealer } from '../security/field-protection/field-keys.ts';

export interface ConnectedCli {
  readonly config: Config;
  readonly store: Store;
  readonly connectors: BuiltConnectors;
}

export async function withConnectors<T>(
  configFile: string,
  work: (cli: ConnectedCli) => Promise<T>,
): Promise<T> {
  const config = loadConfig(configFile);
  const store = await openStore(config.store, configuredSealer(config));
  try {
    const connectors = buildConnectors(config, process.env, (system) => sourceMemoryOf(store, system));
    try {
      return await work({ config, store, connectors });
    } finally {
      const all = new Set([
        connectors.erp,
        ...connectors.psaTargets,
        ...connectors.sources.map((s) => s.connector),
      ]);
      await Promise.all([...all].map((c) => c.close()));
    }
  } finally {
    await store.close();
  }
}
