// A service config whose sandbox PSA and ERP are on a closed port (nothing answers there): for CLI
// commands that only need the store, and for those that must fail to reach a system. Its secrets are
// named, not set; `offlineSecrets` sets them for a command that builds the connectors.
import { writeConfig } from './child-service.ts';
import { testConfig } from './harness.ts';
import type { Config } from '../../src/config/schema.ts';

export const offlineSecrets = {
  UNUSED_PSA: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
  UNUSED_ERP: 'unused',
};

/** Writes the config in `dir` (its SQLite store beside it), with `extra` sections, and returns its path. */
export function writeOfflineConfig(dir: string, extra: Partial<Config> = {}): string {
  return writeConfig(dir, {
    ...testConfig({
      dir,
      psaUrl: 'http://127.0.0.1:9',
      erpUrl: 'http://127.0.0.1:9',
      secretEnv: { psa: 'UNUSED_PSA', erp: 'UNUSED_ERP' },
      poll: false,
      delivery: { batchSize: 10, concurrency: 1, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 10 },
    }),
    ...extra,
  });
}
