// The configuration every benchmark runs Ledgerline with: events arrive over HTTP (the PSA is never
// called), one legal entity, the sandbox ERP at `erpUrl`, secrets from the environment under `envPrefix`.
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
  };
}
