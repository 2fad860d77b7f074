// Builds each configured system's connector. This is the only place that knows every connector kind.
import type { Config, ErpSystemConfig, PsaSystemConfig } from '../config/schema.ts';
import { ConfigError, resolveSecret, resolveSecrets } from '../config/load-config.ts';
import { decodeWebhookSecret } from '../connectors/kit/webhook-secret.ts';
import type {
  CustomerReader,
  SourceConnector,
  SourceMemory,
  TargetConnector,
} from '../connectors/kit/connector.ts';
import { createRedmineConnector } from '../connectors/redmine/connector.ts';
import { createSandboxCrmConnector } from '../connectors/sandbox-crm/connector.ts';
import { createSandboxErpConnector } from '../connectors/sandbox-erp/connector.ts';
import { createSandboxPsaConnector } from '../connectors/sandbox-psa/connector.ts';
import { createTrytonConnector, type TrytonConnector } from '../connectors/tryton/connector.ts';
import { createSandboxErpReconciliationReader } from '../connectors/sandbox-erp/reconciliation-reader.ts';
import { createSandboxPsaReconciliationReader } from '../connectors/sandbox-psa/reconciliation-reader.ts';
import type { ReaderSlot } from '../reconcile/covered-reader.ts';
import { buildHarvest, buildXeroAccounting, buildXeroProjects } from './vendor-connectors.ts';

interface Closable {
  close(): Promise<void>;
}

export interface BuiltSource {
  readonly connector: SourceConnector & Closable;
  readonly poll?: { pageSize: number; intervalMs: number };
}

export interface BuiltConnectors {
  readonly sources: BuiltSource[];
  readonly erp: TargetConnector & Closable;
  /** The ERP's customer master, for reconciliation; only an ERP that publishes one (sandbox-erp). */
  readonly customerMaster: SourceConnector | undefined;
  /** PSAs also take commands: customers, delivery projects, invoice and payment status. */
  readonly psaTargets: (TargetConnector & Closable)[];
  /** PSAs whose copy of a customer can be read back, for reconciliation. */
  readonly customerReaders: CustomerReader[];
  /** An ERP whose own project invoicing Ledgerline can start (Tryton). */
  readonly projectInvoicing: Pick<TrytonConnector, 'invoiceProjects'> | undefined;
  /**
   * Each system's reader for period reconciliation, created on call (the caller closes them); `reader` is
   * undefined for a connector that has none yet (Redmine, Tryton).
   */
  readonly reconciliationReaders: () => { readonly psa: readonly ReaderSlot[]; readonly erp: ReaderSlot };
}

/** What a source connector remembered, per system (sources without a change log need it). */
export type MemoryOf = (system: string) => SourceMemory;

/** Standard Webhooks secrets, checked here so a malformed one is a configuration error naming its key. */
function webhookSecretsAt(
  ref: Parameters<typeof resolveSecrets>[0],
  where: string,
  env: NodeJS.ProcessEnv,
): string[] {
  const secrets = resolveSecrets(ref, where, env);
  secrets.forEach((secret, i) => {
    try {
      decodeWebhookSecret(secret);
    } catch (error) {
      throw new ConfigError(Array.isArray(ref) ? `${where}[${i}]` : where, [
        error instanceof Error ? error.message : String(error),
      ]);
    }
  });
  return secrets;
}

type Poll = { pageSize: number; intervalMs: number } | undefined;

function withPoll(connector: BuiltSource['connector'], poll: Poll): BuiltSource {
  return poll ? { connector, poll: { pageSize: poll.pageSize, intervalMs: poll.intervalMs } } : { connector };
}

type BuiltPsa = SourceConnector & TargetConnector & Closable & Partial<CustomerReader>;

function buildPsa(system: PsaSystemConfig, env: NodeJS.ProcessEnv, memoryOf: MemoryOf): BuiltPsa {
  const where = `systems.psa[${system.id}]`;
  if (system.connector === 'sandbox-psa')
    return createSandboxPsaConnector({
      system: system.id,
      baseUrl: system.baseUrl,
      webhookSecret: webhookSecretsAt(system.webhookSecret, `${where}.webhookSecret`, env),
    });
  if (system.connector === 'harvest') return buildHarvest(system, env);
  if (system.connector === 'xero-projects') return buildXeroProjects(system, env);
  return createRedmineConnector({
    system: system.id,
    baseUrl: system.baseUrl,
    apiKey: resolveSecret(system.apiKey, `${where}.apiKey`, env),
    memory: memoryOf(system.id),
    fields: system.fields,
    window: system.window,
    ...(system.projectDefaults === undefined ? {} : { projectDefaults: system.projectDefaults }),
    ...(system.resourceDefaults === undefined ? {} : { resourceDefaults: system.resourceDefaults }),
    ...(system.projects === undefined ? {} : { projects: system.projects }),
  });
}

function buildErp(config: Config, erp: ErpSystemConfig, env: NodeJS.ProcessEnv, memoryOf: MemoryOf) {
  const where = `systems.erp[${erp.id}]`;
  if (erp.connector === 'sandbox-erp') {
    const connector = createSandboxErpConnector({
      system: erp.id,
      baseUrl: erp.baseUrl,
      apiKey: resolveSecret(erp.apiKey, `${where}.apiKey`, env),
      maxBatch: config.delivery?.batchSize ?? 500,
    });
    return { connector, customerMaster: connector, projectInvoicing: undefined };
  }
  if (erp.connector === 'xero-accounting')
    return {
      connector: buildXeroAccounting(erp, env),
      customerMaster: undefined,
      projectInvoicing: undefined,
    };
  const connector = createTrytonConnector({
    system: erp.id,
    baseUrl: erp.baseUrl,
    database: erp.database,
    username: erp.username,
    password: resolveSecret(erp.password, `${where}.password`, env),
    legalEntityId: erp.legalEntityId,
    ...(erp.product === undefined ? {} : { product: erp.product }),
    ...(erp.paymentTerm === undefined ? {} : { paymentTerm: erp.paymentTerm }),
    // Periods and rates are stated again only where they changed since the last pull.
    memory: memoryOf(erp.id),
  });
  return { connector, customerMaster: undefined, projectInvoicing: connector };
}

function psaReconciliationReader(system: PsaSystemConfig): ReaderSlot {
  const reader =
    system.connector === 'sandbox-psa'
      ? createSandboxPsaReconciliationReader({ system: system.id, baseUrl: system.baseUrl })
      : undefined;
  return { system: system.id, connector: system.connector, reader };
}

function erpReconciliationReader(erp: ErpSystemConfig, env: NodeJS.ProcessEnv): ReaderSlot {
  const reader =
    erp.connector === 'sandbox-erp'
      ? createSandboxErpReconciliationReader({
          system: erp.id,
          baseUrl: erp.baseUrl,
          apiKey: resolveSecret(erp.apiKey, `systems.erp[${erp.id}].apiKey`, env),
        })
      : undefined;
  return { system: erp.id, connector: erp.connector, reader };
}

export function buildConnectors(config: Config, env: NodeJS.ProcessEnv, memoryOf: MemoryOf): BuiltConnectors {
  const psaConnectors = config.systems.psa.map((system) => buildPsa(system, env, memoryOf));
  const psas = psaConnectors.map((connector, i) => withPoll(connector, config.systems.psa[i]?.poll));
  const crms = (config.systems.crm ?? []).map((system) =>
    withPoll(
      createSandboxCrmConnector({
        system: system.id,
        baseUrl: system.baseUrl,
        apiKey: resolveSecret(system.apiKey, `systems.crm[${system.id}].apiKey`, env),
        ...(system.webhookSecret === undefined
          ? {}
          : {
              webhookSecret: webhookSecretsAt(
                system.webhookSecret,
                `systems.crm[${system.id}].webhookSecret`,
                env,
              ),
            }),
      }),
      system.poll,
    ),
  );
  const { erp } = config.systems;
  const built = buildErp(config, erp, env, memoryOf);
  // The ERP is a target always, and a source (customers, invoices, payments) when it is polled.
  const erpSource = erp.poll ? [withPoll(built.connector, erp.poll)] : [];
  return {
    sources: [...psas, ...crms, ...erpSource],
    erp: built.connector,
    customerMaster: built.customerMaster,
    // Xero Projects has no customer, invoice or payment operations (they live in Xero Accounting): it is
    // read from, never sent to, so its projects' invoices and payments stay in the ERP.
    psaTargets: psaConnectors.filter((_, i) => config.systems.psa[i]?.connector !== 'xero-projects'),
    customerReaders: psaConnectors.filter(
      (c): c is BuiltPsa & CustomerReader => c.readCustomer !== undefined,
    ),
    projectInvoicing: built.projectInvoicing,
    reconciliationReaders: () => ({
      psa: config.systems.psa.map(psaReconciliationReader),
      erp: erpReconciliationReader(erp, env),
    }),
  };
}
