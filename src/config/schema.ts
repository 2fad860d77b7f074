// The YAML configuration, as a schema: validated at start, every error named by its path.
import { Type, type Static, type TOptional, type TSchema } from '@sinclair/typebox';
import {
  BillingModel,
  CurrencyCode,
  LegalEntity,
  LegalEntityCode,
  Money,
  TaxTreatment,
} from '../contracts/index.ts';
import { dataDomains, type DataDomain } from '../governance/domains.ts';
import { alertsConfigSchema } from './alerts-schema.ts';
import { RetentionConfig } from './protection-schema.ts';
import { securityConfigSchema } from './security-schema.ts';
import {
  HarvestPsaSystemConfig,
  XeroAccountingErpSystemConfig,
  XeroProjectsPsaSystemConfig,
} from './vendor-systems.ts';

/** Secrets are never written in the config: it names where to read them. */
const PeriodClosePolicySchema = Type.Union(
  [Type.Literal('hold'), Type.Literal('next-open'), Type.Literal('reject')],
  {
    description:
      'hold: park until the period reopens; next-open: book on the first day of the first open period, the transaction date kept; reject: dead-letter with reason period_closed',
  },
);

export const SecretRef = Type.Union(
  [
    Type.Object({ env: Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' }) }, { additionalProperties: false }),
    Type.Object({ file: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  ],
  { description: '{ env: NAME } (upper-case) or { file: PATH }' },
);
export type SecretRef = Static<typeof SecretRef>;

/** One secret, or a list while it is rotated: every one listed is accepted (the old and the new). */
export const RotatingSecretRef = Type.Union(
  [SecretRef, Type.Array(SecretRef, { minItems: 1, maxItems: 8 })],
  {
    description: 'a secret reference, or a list of them while the secret is rotated (each is accepted)',
  },
);
export type RotatingSecretRef = Static<typeof RotatingSecretRef>;

const SystemId = Type.String({
  pattern: '^[a-z][a-z0-9-]{1,39}$',
  description: 'lower-case id, e.g. "sandbox-psa"',
});

const PollConfig = Type.Object(
  {
    intervalMs: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 5000 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }),
  },
  { additionalProperties: false },
);

/** A system that Ledgerline reads from: a signed webhook and, optionally, a polled change feed. */
function sourceSystemConfig<C extends string>(connector: C) {
  return Type.Object(
    {
      id: SystemId,
      connector: Type.Literal(connector),
      baseUrl: Type.String({ format: 'uri' }),
      webhookSecret: RotatingSecretRef,
      poll: Type.Optional(PollConfig),
    },
    { additionalProperties: false },
  );
}

/**
 * One of several connector kinds, told apart by `connector`: validation reports only the problems of the
 * kind named (ajv's discriminator), not one per kind it might have been.
 */
function connectorKinds<T extends TSchema[]>(...kinds: T) {
  return Type.Unsafe<Static<T[number]>>({
    type: 'object',
    required: ['connector'],
    discriminator: { propertyName: 'connector' },
    oneOf: kinds,
  });
}

const SandboxPsaSystemConfig = sourceSystemConfig('sandbox-psa');

/** Redmine: polled (it has no webhooks); custom fields are named here and looked up by name at start. */
export const RedminePsaSystemConfig = Type.Object(
  {
    id: SystemId,
    connector: Type.Literal('redmine'),
    baseUrl: Type.String({ format: 'uri' }),
    apiKey: SecretRef,
    poll: Type.Optional(PollConfig),
    fields: Type.Object(
      {
        approved: Type.String({ minLength: 1, default: 'Approved' }),
        invoiceNumber: Type.String({ minLength: 1, default: 'Invoice number' }),
        invoiceStatus: Type.String({ minLength: 1, default: 'Invoice status' }),
        paymentStatus: Type.String({ minLength: 1, default: 'Payment status' }),
        customer: Type.Optional(Type.String({ minLength: 1 })),
        legalEntity: Type.Optional(Type.String({ minLength: 1 })),
        billRate: Type.Optional(Type.String({ minLength: 1 })),
        currency: Type.Optional(Type.String({ minLength: 1 })),
        costRate: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false, default: {} },
    ),
    /** What a project takes when its custom fields leave a value out. */
    projectDefaults: Type.Optional(
      Type.Object(
        {
          legalEntityId: Type.Optional(LegalEntityCode),
          currency: Type.Optional(CurrencyCode),
          taxTreatment: Type.Optional(TaxTreatment),
          billingModel: Type.Optional(BillingModel),
        },
        { additionalProperties: false },
      ),
    ),
    resourceDefaults: Type.Optional(
      Type.Object(
        {
          /** For a user whose cost rate field is empty. */
          costRate: Type.Optional(Money),
          /** The currency of the cost rate field; default: costRate's, else the project default's. */
          currency: Type.Optional(CurrencyCode),
        },
        { additionalProperties: false },
      ),
    ),
    /** Only these Redmine projects (ids or identifiers); absent = every project. */
    projects: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, uniqueItems: true }),
    ),
    /** Time entries are compared within `spent_on >= today - lookbackDays`. */
    window: Type.Object(
      { lookbackDays: Type.Integer({ minimum: 1, maximum: 3660, default: 90 }) },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

export const PsaSystemConfig = connectorKinds(
  SandboxPsaSystemConfig,
  RedminePsaSystemConfig,
  HarvestPsaSystemConfig,
  XeroProjectsPsaSystemConfig,
);
export type PsaSystemConfig = Static<typeof PsaSystemConfig>;
/** A CRM: its deal feed is polled (or its webhooks received) for won deals; reads need an API key. */
export const CrmSystemConfig = Type.Object(
  {
    id: SystemId,
    connector: Type.Literal('sandbox-crm'),
    baseUrl: Type.String({ format: 'uri' }),
    apiKey: SecretRef,
    webhookSecret: Type.Optional(RotatingSecretRef),
    poll: Type.Optional(PollConfig),
  },
  { additionalProperties: false },
);

const SandboxErpSystemConfig = Type.Object(
  {
    id: SystemId,
    connector: Type.Literal('sandbox-erp'),
    baseUrl: Type.String({ format: 'uri' }),
    apiKey: SecretRef,
    /** Poll the ERP's change feed (customers, invoices, payments); without it the ERP is only written to. */
    poll: Type.Optional(PollConfig),
  },
  { additionalProperties: false },
);

/** Tryton over JSON-RPC: one session per run; invoices (and their payments) are read back when polled. */
export const TrytonErpSystemConfig = Type.Object(
  {
    id: SystemId,
    connector: Type.Literal('tryton'),
    /** The server, without the database, e.g. "http://127.0.0.1:8000". */
    baseUrl: Type.String({ format: 'uri' }),
    database: Type.String({ minLength: 1, maxLength: 64 }),
    username: Type.String({ minLength: 1, default: 'admin' }),
    password: SecretRef,
    /** The legal entity the Tryton company books for. */
    legalEntityId: LegalEntityCode,
    /** The service product time is invoiced with; default "Consulting". */
    product: Type.Optional(Type.String({ minLength: 1 })),
    /** The payment term new customers get; default Tryton's first. */
    paymentTerm: Type.Optional(Type.String({ minLength: 1 })),
    poll: Type.Optional(PollConfig),
  },
  { additionalProperties: false },
);

export const ErpSystemConfig = connectorKinds(
  SandboxErpSystemConfig,
  TrytonErpSystemConfig,
  XeroAccountingErpSystemConfig,
);
export type ErpSystemConfig = Static<typeof ErpSystemConfig>;

const Direction = Type.Union([Type.Literal('one-way'), Type.Literal('bidirectional')], {
  description: '"one-way" (from the system of record to the others) or "bidirectional"',
});

export const DomainGovernanceConfig = Type.Object(
  {
    systemOfRecord: Type.Union([SystemId, Type.Array(SystemId, { minItems: 1, uniqueItems: true })], {
      description: 'a system id, or a list of system ids that each record their own id space',
    }),
    systemsOfEntry: Type.Optional(Type.Array(SystemId, { minItems: 1, uniqueItems: true })),
    direction: Type.Optional(Direction),
    latency: Type.Optional(Type.String({ description: 'acceptable latency, e.g. "30s", "5m", "1h"' })),
    queue: Type.Optional(
      Type.Union([Type.Literal('master'), Type.Literal('transactional')], {
        description: '"master" or "transactional"',
      }),
    ),
    fieldOwnership: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-z][A-Za-z0-9.]*$' }), SystemId, {
        additionalProperties: false,
        description: 'field name (camelCase, as in the canonical object) -> owning system id',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DomainGovernanceConfig = Static<typeof DomainGovernanceConfig>;

export const GovernanceConfig = Type.Object(
  {
    domains: Type.Optional(
      Type.Object(
        Object.fromEntries(dataDomains.map((d) => [d, Type.Optional(DomainGovernanceConfig)])) as Record<
          DataDomain,
          TOptional<typeof DomainGovernanceConfig>
        >,
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type GovernanceConfig = Static<typeof GovernanceConfig>;

/**
 * Where Ledgerline keeps its state: one SQLite file (one process: the embedded default), or a PostgreSQL
 * schema shared by any number of API nodes and workers.
 */
export const StoreConfig = Type.Union([
  Type.Object(
    { sqlite: Type.String({ minLength: 1, description: 'path of the SQLite file' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      postgres: Type.String({
        pattern: '^postgres(ql)?://',
        description: 'postgres://user@host:port/database?schema=name (schema defaults to ledgerline)',
      }),
      /** Connections per process (default 4). */
      poolSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    },
    { additionalProperties: false },
  ),
]);
export type StoreConfig = Static<typeof StoreConfig>;

/**
 * Telemetry (issue 7): traces are exported over OTLP/HTTP (JSON) only when an endpoint is configured
 * here or in OTEL_EXPORTER_OTLP_ENDPOINT; without one, tracing is off and costs nothing.
 */
export const TelemetryConfig = Type.Object(
  {
    /** service.name of the spans (default "ledgerline"). */
    serviceName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    otlp: Type.Optional(
      Type.Object(
        {
          endpoint: Type.String({
            format: 'uri',
            description:
              'base URL of an OTLP/HTTP collector, e.g. http://collector:4318 (traces go to /v1/traces)',
          }),
          /** Headers sent with each export (a collector's API key): secrets, so read from env or file. */
          headers: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]+$' }), SecretRef)),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TelemetryConfig = Static<typeof TelemetryConfig>;
export const AlertsConfig = alertsConfigSchema(SecretRef);
export type AlertsConfig = Static<typeof AlertsConfig>;

export const ConfigSchema = Type.Object(
  {
    store: StoreConfig,
    http: Type.Object(
      {
        host: Type.String({ default: '127.0.0.1' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
        bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1_048_576 }),
      },
      { additionalProperties: false },
    ),
    legalEntities: Type.Array(LegalEntity, { minItems: 1 }),
    systems: Type.Object(
      {
        psa: Type.Array(PsaSystemConfig, { minItems: 1 }),
        erp: ErpSystemConfig,
        crm: Type.Optional(Type.Array(CrmSystemConfig, { minItems: 1 })),
      },
      { additionalProperties: false },
    ),
    /** Absent domains (or the whole section) take defaults derived from `systems`. */
    governance: Type.Optional(GovernanceConfig),
    finance: Type.Optional(
      Type.Object(
        {
          /** A posting dated in a period the ERP has closed: hold until reopened, roll forward, or reject. */
          periodClose: Type.Optional(
            Type.Object(
              {
                policy: PeriodClosePolicySchema,
                /** Per legal entity, where one differs from `policy`. */
                entities: Type.Optional(Type.Record(Type.String({ minLength: 1 }), PeriodClosePolicySchema)),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    reconcile: Type.Optional(
      Type.Object(
        {
          /** Compare the ERP's customers with each PSA's copy this often (needs `systems.erp.poll`). */
          customers: Type.Object(
            {
              intervalMs: Type.Integer({ minimum: 1000, maximum: 86_400_000 }),
              /** Write the master's record again to every PSA copy found drifted or missing. */
              repair: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
    ),
    delivery: Type.Optional(
      Type.Object(
        {
          batchSize: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }),
          concurrency: Type.Integer({ minimum: 1, maximum: 16, default: 2 }),
          maxAttempts: Type.Integer({ minimum: 1, maximum: 100, default: 8 }),
          baseDelayMs: Type.Integer({ minimum: 1, maximum: 600_000, default: 250 }),
          maxDelayMs: Type.Integer({ minimum: 1, maximum: 86_400_000, default: 60_000 }),
          /**
           * How long a process's hold on work lasts without renewal (a delivery in flight, deciding a
           * queue, polling a source): with several workers, the longest a dead worker's work waits.
           */
          leaseMs: Type.Optional(Type.Integer({ minimum: 1_000, maximum: 600_000 })),
          /** Deliverers of the master-data queue per target and process (default 1). */
          masterConcurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
          /**
           * Rate limits by target system id, in outbox rows (units of work) per second: one budget in the
           * store, shared by every deliverer of every process.
           */
          rateLimits: Type.Optional(
            Type.Record(
              Type.String({ minLength: 1 }),
              Type.Object(
                {
                  perSecond: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
                  /** Rows that may be saved up and sent at once (default: one second's worth, at least 1). */
                  burst: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
                },
                { additionalProperties: false },
              ),
            ),
          ),
          /** Where deliverers run: their own worker thread (default) or the service's main thread. */
          thread: Type.Optional(Type.Union([Type.Literal('worker'), Type.Literal('main')])),
        },
        { additionalProperties: false },
      ),
    ),
    /** Traces over OTLP (see TelemetryConfig). */
    telemetry: Type.Optional(TelemetryConfig),
    /** SLA timers and alert routing (issue 7; src/ops/alerts). */
    alerts: Type.Optional(AlertsConfig),
    /** Purging raw payloads of finished events (issue 8; src/security/retention). */
    retention: Type.Optional(RetentionConfig),
    /** The tamper-evident audit log (issue 8; src/audit). */
    audit: Type.Optional(
      Type.Object(
        {
          /** How often the service records the chain head in the anchors table (default "1h"). */
          anchorEvery: Type.Optional(
            Type.String({ pattern: '^[0-9]{1,9}(ms|s|m|h|d)$', description: 'e.g. "15m", "1h" (default)' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    /** Authentication and roles (issue 8; src/config/security-schema.ts, src/security/). */
    security: Type.Optional(securityConfigSchema(SecretRef)),
  },
  { additionalProperties: false },
);
export type Config = Static<typeof ConfigSchema>;
