// A whole Ledgerline for a test: the real sandbox PSA and ERP servers, the service on a fresh SQLite
// file, and the same config path `ledgerline serve` uses.
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { Config, StoreConfig } from '../../src/config/schema.ts';
import { freshSchema, type TestSchema } from './postgres.ts';
import { startSandboxErp, type SandboxErp } from '../../src/connectors/sandbox-erp/server.ts';
import { startSandboxPsa, type SandboxPsa } from '../../src/connectors/sandbox-psa/server.ts';
import { startSandboxCrm, type SandboxCrm } from '../../src/connectors/sandbox-crm/server.ts';
import { startService, type RunningService } from '../../src/service/start-service.ts';
import type { CanonicalEvent } from '../../src/contracts/index.ts';

export const legalEntities = [
  { id: 'LL-UK', name: 'Ledgerline UK Ltd', country: 'GB', functionalCurrency: 'GBP' },
  { id: 'LL-DE', name: 'Ledgerline GmbH', country: 'DE', functionalCurrency: 'EUR' },
  { id: 'LL-US', name: 'Ledgerline Inc', country: 'US', functionalCurrency: 'USD' },
];

export interface Harness {
  readonly dir: string;
  readonly psa: SandboxPsa;
  readonly erp: SandboxErp;
  /** Started only when asked for (`crm: true`). */
  readonly crm: SandboxCrm | undefined;
  readonly config: Config;
  readonly secrets: { readonly webhookSecret: string; readonly apiKey: string };
  readonly env: NodeJS.ProcessEnv;
  /** CLI arguments that name this harness's store (`--db FILE` or `--store URL`). */
  readonly storeArgs: readonly string[];
  service: RunningService;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; contentType: string }>;
  get(path: string): Promise<{ status: number; body: unknown }>;
  postEvents(
    events: CanonicalEvent | CanonicalEvent[],
  ): Promise<{ status: number; body: unknown; contentType: string }>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The configuration every test uses: one sandbox PSA, one sandbox ERP, a SQLite file in `dir`. */
export function testConfig(options: {
  dir: string;
  psaUrl: string;
  erpUrl: string;
  secretEnv: { psa: string; erp: string };
  poll: boolean;
  /** Poll the ERP's change feed (customers, invoices, payments). */
  erpPoll?: boolean;
  /** A sandbox CRM whose deal feed is polled. */
  crmUrl?: string;
  reconcileCustomersEveryMs?: number;
  reconcileRepair?: boolean;
  delivery: NonNullable<Config['delivery']>;
  bodyLimitBytes?: number;
  finance?: Config['finance'];
  /** Default: a SQLite file in `dir`. */
  store?: StoreConfig;
}): Config {
  return {
    store: options.store ?? { sqlite: join(options.dir, 'ledgerline.sqlite') },
    http: { host: '127.0.0.1', port: 0, bodyLimitBytes: options.bodyLimitBytes ?? 262_144 },
    legalEntities,
    systems: {
      psa: [
        {
          id: 'sandbox-psa',
          connector: 'sandbox-psa',
          baseUrl: options.psaUrl,
          webhookSecret: { env: options.secretEnv.psa },
          ...(options.poll ? { poll: { intervalMs: 200, pageSize: 100 } } : {}),
        },
      ],
      erp: {
        id: 'sandbox-erp',
        connector: 'sandbox-erp',
        baseUrl: options.erpUrl,
        apiKey: { env: options.secretEnv.erp },
        ...(options.erpPoll === true ? { poll: { intervalMs: 100, pageSize: 100 } } : {}),
      },
      ...(options.crmUrl === undefined
        ? {}
        : {
            crm: [
              {
                id: 'sandbox-crm',
                connector: 'sandbox-crm' as const,
                baseUrl: options.crmUrl,
                apiKey: { env: options.secretEnv.erp },
                poll: { intervalMs: 100, pageSize: 100 },
              },
            ],
          }),
    },
    ...(options.reconcileCustomersEveryMs === undefined
      ? {}
      : {
          reconcile: {
            customers: {
              intervalMs: options.reconcileCustomersEveryMs,
              ...(options.reconcileRepair === true ? { repair: true } : {}),
            },
          },
        }),
    delivery: options.delivery,
    ...(options.finance ? { finance: options.finance } : {}),
  };
}

export async function startHarness(
  options: {
    poll?: boolean;
    erpPoll?: boolean;
    crm?: boolean;
    reconcileCustomersEveryMs?: number;
    reconcileRepair?: boolean;
    delivery?: Partial<NonNullable<Config['delivery']>>;
    finance?: Config['finance'];
    /** Adds to the config (e.g. `telemetry`); the service starts with what it answers. */
    configure?: (config: Config) => Config;
    /** Makes the service's logger from its config and environment, as `serve` does (default: silent). */
    logger?: (config: Config, env: NodeJS.ProcessEnv) => Logger;
    /** Extra environment for the service (secrets that `configure` refers to). */
    env?: Readonly<Record<string, string>>;
  } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerline-test-'));
  const schema = testBackend() === 'postgres' ? freshSchema('pipeline') : undefined;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const apiKey = randomBytes(16).toString('hex');
  const psa = await startSandboxPsa({ webhookSecret });
  const erp = await startSandboxErp({ apiKey });
  // The CRM takes the same key as the ERP here, so the test env needs one secret fewer.
  const crm = options.crm === true ? await startSandboxCrm({ apiKey }) : undefined;
  const env = { TEST_PSA_SECRET: webhookSecret, TEST_ERP_KEY: apiKey, ...options.env };
  const base = testConfig({
    dir,
    psaUrl: psa.url,
    erpUrl: erp.url,
    secretEnv: { psa: 'TEST_PSA_SECRET', erp: 'TEST_ERP_KEY' },
    poll: options.poll === true,
    erpPoll: options.erpPoll === true,
    ...(crm ? { crmUrl: crm.url } : {}),
    ...(options.reconcileCustomersEveryMs === undefined
      ? {}
      : { reconcileCustomersEveryMs: options.reconcileCustomersEveryMs }),
    ...(options.reconcileRepair === undefined ? {} : { reconcileRepair: options.reconcileRepair }),
    ...(options.finance ? { finance: options.finance } : {}),
    ...(schema ? { store: { postgres: schema.url } } : {}),
    delivery: {
      batchSize: 100,
      concurrency: 2,
      maxAttempts: 5,
      baseDelayMs: 20,
      maxDelayMs: 500,
      ...options.delivery,
    },
  });
  // On PostgreSQL the suite keeps sensitive fields in clear, as it always has: its CLI steps open the store
  // by URL alone (storeArgs), without keys. Sealing on PostgreSQL is tested with keys of its own
  // (test/security/field-protection.test.ts, test/scale-out/worker-faults.test.ts).
  const withStore: Config = schema ? { ...base, security: { allowSensitiveFieldsInClear: true } } : base;
  const config = options.configure ? options.configure(withStore) : withStore;
  const logger = options.logger?.(config, env) ?? pino({ level: 'silent' });
  const start = () => startService(config, { logger, env });
  let service = await start();

  const harness: Harness = {
    dir,
    psa,
    erp,
    crm,
    config,
    env,
    storeArgs: 'sqlite' in config.store ? ['--db', config.store.sqlite] : ['--store', config.store.postgres],
    secrets: { webhookSecret, apiKey },
    get service() {
      return service;
    },
    set service(s) {
      service = s;
    },
    async post(path, body, headers = {}) {
      const response = await fetch(`${service.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text === '' ? null : (JSON.parse(text) as unknown),
        contentType: response.headers.get('content-type') ?? '',
      };
    },
    async get(path) {
      const response = await fetch(`${service.url}${path}`);
      return { status: response.status, body: await response.json() };
    },
    async postEvents(events) {
      return harness.post('/v1/events', events);
    },
    async restart() {
      await service.stop();
      service = await start();
    },
    async close() {
      await service.stop();
      await psa.close();
      await erp.close();
      await crm?.close();
      await schema?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * The store the pipeline suite runs on: SQLite, or PostgreSQL when LEDGERLINE_TEST_STORE=postgres (the test
 * runner's second pass; see scripts/run-tests.js). Each harness then gets a schema of its own.
 */
export function testBackend(): 'sqlite' | 'postgres' {
  return process.env['LEDGERLINE_TEST_STORE'] === 'postgres' ? 'postgres' : 'sqlite';
}

export type { TestSchema };

/**
 * Starts a harness before the enclosing `describe` and closes it after. The answer stands for the
 * running harness (it delegates to it), so tests use it like the harness itself.
 */
export function useHarness(options: Parameters<typeof startHarness>[0] = {}): Harness {
  let current: Harness | undefined;
  before(async () => {
    current = await startHarness(options);
  });
  after(async () => {
    await current?.close();
  });
  return new Proxy({} as Harness, {
    get(_target, key) {
      if (!current) throw new Error('the harness is used before the describe block started it');
      return Reflect.get(current, key) as unknown;
    },
  });
}
