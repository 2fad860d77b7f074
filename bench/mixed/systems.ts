// The three processes of the mixed workload: the sandbox ERP, the sandbox PSA (seeded with the firm) and
// `ledgerline serve` configured with both. Neither feed is polled: every event arrives over HTTP, so
// what is measured is Ledgerline's intake, decisions and deliveries to both systems.
import { benchDelivery } from '../delivery-settings.ts';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Config } from '../../src/config/schema.ts';
import { startErp, startLedgerline, startPsa, type Child } from '../children.ts';
import { entities, erpSystem, psaSystem, type BenchFirm } from './firm.ts';
import { post } from './http.ts';
import type { MixedOptions } from './options.ts';
import { psaSeed } from './psa-seed.ts';

export type Running = Child & { readonly url: string };

export interface Systems {
  readonly ledgerline: Running;
  readonly erp: Running;
  readonly psa: Running;
  readonly erpApiKey: string;
  readonly sqliteFile: string;
  stop(): Promise<void>;
}

export async function startSystems(dir: string, firm: BenchFirm, options: MixedOptions): Promise<Systems> {
  const erpApiKey = randomBytes(16).toString('hex');
  const psaSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const started: Running[] = [];
  const stop = async () => {
    for (const child of started.reverse()) await child.stop();
  };
  try {
    const erp = await startErp(erpApiKey);
    started.push(erp);
    const psa = await startPsa(psaSecret);
    started.push(psa);
    await post(`${psa.url}/admin/seed`, JSON.stringify(psaSeed(firm)), 200, 'sandbox PSA seed');
    const sqliteFile = join(dir, 'ledgerline.sqlite');
    const config: Config = {
      store: { sqlite: sqliteFile },
      http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 8 * 1024 * 1024 },
      legalEntities: entities.map((e) => ({
        id: e.id,
        name: e.name,
        country: e.country,
        functionalCurrency: e.currency,
      })),
      systems: {
        psa: [
          {
            id: psaSystem,
            connector: 'sandbox-psa',
            baseUrl: psa.url,
            webhookSecret: { env: 'BENCH_PSA_SECRET' },
          },
        ],
        erp: { id: erpSystem, connector: 'sandbox-erp', baseUrl: erp.url, apiKey: { env: 'BENCH_ERP_KEY' } },
      },
      delivery: benchDelivery(options.deliveryThread),
    };
    const configFile = join(dir, 'ledgerline.yaml');
    writeFileSync(configFile, stringify(config));
    const ledgerline = await startLedgerline(configFile, {
      BENCH_PSA_SECRET: psaSecret,
      BENCH_ERP_KEY: erpApiKey,
    });
    started.push(ledgerline);
    return { ledgerline, erp, psa, erpApiKey, sqliteFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
