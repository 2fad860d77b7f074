// The configuration every benchmark runs Ledgerline with: events arrive over HTTP (the PSA is never
// called), one legal entity, the sandbox ERP at `erpUrl`, secrets from the environment under `envPrefix`.
import { randomBytes } from 'node:crypto';
import type { Config, StoreConfig } from '../src/config/schema.ts';

export function benchConfig(options: {
  readonly store: StoreConfig;
  readonly erpUrl: string;
  readonly envPrefix: string;
  readonly delivery: NonNullable<Config['delivery']>;
}): Config {
  return {
    store: options.store,
    http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 8 * 1024 * 1024 },
    legalEntities: [{ id: 'LL-UK', name: 'Ledgerline UK Ltd', country: 'GB', functionalCurrency: 'GBP' }],
    systems: {
      psa: [
        {
          id: 'bench-psa',
          connector: 'sandbox-psa',
          baseUrl: 'http://127.0.0.1:9',
          webhookSecret: { env: `${options.envPrefix}_PSA_SECRET` },
        },
      ],
      erp: {
        id: 'sandbox-erp',
        connector: 'sandbox-erp',
        baseUrl: options.erpUrl,
        apiKey: { env: `${options.envPrefix}_ERP_KEY` },
      },
    },
    delivery: options.delivery,
    // Sensitive fields sealed at rest on either store, as in production: SQLite under the key file beside
    // it, PostgreSQL under a key from the environment (serve and worker refuse it without one).
    ...('postgres' in options.store
      ? {
          security: {
            fieldEncryption: {
              currentKeyId: 'bench',
              keys: { bench: { env: `${options.envPrefix}_FIELD_KEY` } },
            },
          },
        }
      : {}),
  };
}

/** The field key `benchConfig` names for a PostgreSQL store: fresh for every run. */
export function benchFieldKey(envPrefix: string): Record<string, string> {
  return { [`${envPrefix}_FIELD_KEY`]: randomBytes(32).toString('base64') };
}
