// The composition root: store + connectors + pipeline + HTTP API, started and stopped as one.
import { peopleFrom } from '../security/people.ts';
import type { Logger } from 'pino';
import { buildApi } from '../api/server.ts';
import type { Config } from '../config/schema.ts';
import { createPipeline, type Pipeline } from '../pipeline/pipeline.ts';
import { sourceMemoryOf } from '../pipeline/poller.ts';
import type { Store } from '../store/port.ts';
import { openConfiguredStore } from '../store/open-store.ts';
import { configuredSealer, storeSealerOf } from '../security/field-protection/field-keys.ts';
import { createRetentionRuns, type RetentionRuns } from '../security/retention/retention-timer.ts';
import { defaultOwner } from '../store/owner.ts';
import { ThreadWriteLock } from '../store/sqlite/write-lock.ts';
import { buildConnectors } from './connectors.ts';
import { readSystems } from '../reconcile/read-systems.ts';
import { checkGovernance } from '../governance/check-governance.ts';
import { createCustomerReconciler } from './customer-reconciler.ts';
import { metricsGuard } from '../security/auth/metrics-guard.ts';
import { deliveryThread } from './delivery-thread/delivery-thread.ts';
import { delivererSettingsOf, leaseMsOf } from './delivery-thread/settings.ts';
import { createMetrics, type ServiceMetrics } from '../ops/metrics/service-metrics.ts';
import { serveMetrics, type MetricsServer } from '../ops/metrics/metrics-server.ts';
import { startTracing } from '../ops/tracing/tracing.ts';
import { PipelineTracing } from '../ops/tracing/pipeline-tracing.ts';
import { logEventsOf } from '../ops/pipeline-log.ts';
import { startSlaAndAlerts, type SlaAndAlerts } from '../ops/start-sla-and-alerts.ts';
import { configLoaded } from '../audit/config-loaded.ts';
import { UnapprovedConfigError, unapprovedProblem } from '../security/second-approver.ts';
import { anchorEveryMs, createAuditAnchoring } from '../audit/anchor-timer.ts';
import type { SlaMonitor } from '../ops/sla/sla-monitor.ts';
import { registerSlaMetrics } from '../ops/sla/sla-metrics.ts';
import { tlsServerOptions } from '../security/tls/tls-server-options.ts';

export interface RunningService {
  /** The HTTP API's base URL; empty for a worker, which serves none. */
  readonly url: string;
  readonly store: Store;
  readonly pipeline: Pipeline;
  /** This process's Prometheus metrics (GET /metrics); other parts register theirs in its registry. */
  readonly metrics: ServiceMetrics;
  /** A worker's own metrics endpoint, when started with `metricsPort`. */
  readonly metricsUrl?: string;
  /** SLA timers per data domain (issue 7, alerts): for `registerSlaMetrics` and the admin API. */
  readonly sla: SlaMonitor;
  readonly alerts: SlaAndAlerts;
  /** Payload retention runs (issue 8), when `retention` is configured. */
  readonly retention?: RetentionRuns;
  stop(): Promise<void>;
}

/**
 * What this process does. `all`: the HTTP API and all the work (the only role on SQLite). `api`: the HTTP
 * API and intake, leaving deciding, delivering and polling to workers. `worker`: the work, no HTTP.
 */
export type ServiceRole = 'all' | 'api' | 'worker';

export interface ServiceOptions {
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly role?: ServiceRole;
  /** This process's name in the store's leases (default host:pid:random). */
  readonly owner?: string;
  /** A worker (no HTTP API) serves its metrics on this port (0: any free one). */
  readonly metricsPort?: number;
}

/** A period reconciled for a sign-off over HTTP shows no progress line: a service has no terminal. */
const quietProgress = { records: () => undefined, finish: () => undefined };

/** A role that a SQLite store cannot serve: one process owns the file, so it must do all the work. */
export function roleProblem(config: Config, role: ServiceRole): string | undefined {
  if (role === 'all' || !('sqlite' in config.store)) return undefined;
  return role === 'worker'
    ? 'a SQLite store belongs to one process, which does all the work itself: run `ledgerline serve`, or configure store.postgres to run separate workers'
    : 'with a SQLite store no other process could do the work: `--role api` needs store.postgres and `ledgerline worker`s';
}

export async function startService(config: Config, options: ServiceOptions): Promise<RunningService> {
  const { logger } = options;
  // Configs built in code (the demo, tests) skip parseConfig: governance is checked here for them too.
  const governance = checkGovernance(config);
  if (!governance.ok)
    throw new Error(`the governance configuration is inconsistent:\n${governance.problems.join('\n')}`);
  const role = options.role ?? 'all';
  const problem = roleProblem(config, role);
  if (problem !== undefined) throw new Error(problem);
  const owner = options.owner ?? defaultOwner();
  const sqlite = 'sqlite' in config.store;
  // Deliverers run in their own thread unless told otherwise; on SQLite that thread and this one write to
  // the same file and take turns through this lock.
  const ownThread = config.delivery?.thread !== 'main';
  const writeLock = ownThread && sqlite ? new ThreadWriteLock() : undefined;
  const sealer = configuredSealer(config, options.env); // issue 8: field encryption at rest
  // Issue 8: HTTPS and mutual TLS; read before the store opens, so an unreadable key leaves nothing open.
  // A worker serves no API, but its --metrics-port serves HTTPS (and takes client certificates) alike.
  const tlsConfig = role === 'worker' && options.metricsPort === undefined ? undefined : config.security?.tls;
  const tls = tlsConfig ? tlsServerOptions(tlsConfig, options.env) : undefined;
  const store = await openConfiguredStore(config.store, {
    ...(writeLock ? { writeLock } : {}),
    owner,
    ...(sealer ? { sealer } : {}),
  });
  const connectors = buildConnectors(config, options.env, (system) => sourceMemoryOf(store, system));
  const reconcileEvery = config.reconcile?.customers.intervalMs;
  const customerMaster = connectors.customerMaster;
  if (reconcileEvery !== undefined && !customerMaster) {
    await store.close();
    throw new Error(
      `reconcile.customers needs an ERP that publishes its customer master; ${config.systems.erp.connector} does not (remove reconcile.customers)`,
    );
  }
  try {
    // security.secondApprover: governance runs only once a second person approved it (issue 8).
    const unapproved = await unapprovedProblem(store, config);
    if (unapproved !== undefined) throw new UnapprovedConfigError(unapproved);
    await store.appendAudit([configLoaded(config, role, owner)]);
  } catch (error) {
    await store.close();
    throw error;
  }
  const anchoring = createAuditAnchoring({
    store,
    everyMs: anchorEveryMs(config.audit?.anchorEvery),
    owner,
    onError: (error) =>
      logger.warn({ err: error }, 'could not anchor the audit log; the next round tries again'),
  });
  // Issue 8: raw payloads past their retention are purged periodically (src/security/retention).
  const retention =
    config.retention === undefined
      ? undefined
      : createRetentionRuns({
          store,
          sealer: storeSealerOf(config, options.env),
          config: config.retention,
          owner,
          onError: (error) =>
            logger.warn({ err: error }, 'payload retention failed; the next round tries again'),
        });
  // Tracing is on only when an OTLP endpoint is configured; otherwise no span is ever made.
  const tracing = startTracing(config.telemetry, options.env);
  const pipeline = createPipeline({
    store,
    erp: connectors.erp,
    otherTargets: connectors.psaTargets,
    sources: connectors.sources,
    psaSystems: config.systems.psa.map((s) => s.id),
    governance: governance.governance,
    legalEntities: config.legalEntities,
    ...(config.finance?.periodClose ? { periodClose: config.finance.periodClose } : {}),
    deliverer: delivererSettingsOf(config),
    background: role !== 'api',
    lease: { owner, ttlMs: leaseMsOf(config) },
    ...(tracing ? { tracing: new PipelineTracing(tracing.tracer) } : {}),
    // Deliverers in their own thread (default) push and record answers on the second core.
    ...(ownThread ? { externalDeliverers: deliveryThread(config, options.env, writeLock, owner) } : {}),
  });
  pipeline.bus.on('stage.failed', ({ stage, error }) => {
    // A source or target that is briefly unavailable (rate limit, 503) is expected: a warning; the rest
    // is an error. Both steps run again.
    if ((error as { retryable?: unknown }).retryable === true)
      logger.warn({ stage, err: error }, `${stage} step met a passing failure; it will run again`);
    else logger.error({ stage, err: error }, `${stage} step failed; it will run again`);
  });
  pipeline.bus.on('deliveries.pushed', (p) => {
    if (p.retried > 0 || p.dead > 0)
      logger.warn(
        { target: p.target, ok: p.ok, retried: p.retried, dead: p.dead, rows: p.rows },
        'some deliveries were not accepted',
      );
  });
  logEventsOf(pipeline.bus, logger);
  const metrics = createMetrics({ bus: pipeline.bus, store });
  pipeline.bus.on('reconciliation.completed', (r) => {
    if (r.ok) logger.info(r, 'customer master reconciled: every PSA holds what the ERP says');
    else
      logger.warn(
        r,
        'customer master reconciliation found differences (`ledgerline reconcile customers` lists them)',
      );
  });
  const reconciler =
    reconcileEvery === undefined || !customerMaster
      ? undefined
      : createCustomerReconciler({
          master: customerMaster,
          psas: connectors.customerReaders,
          store,
          bus: pipeline.bus,
          intervalMs: reconcileEvery,
          owner,
          ...(config.reconcile?.customers.repair === true
            ? {
                repair: async (requests) => {
                  await pipeline.intake.submit(requests.map((event) => ({ event, receivedAt: Date.now() })));
                },
              }
            : {}),
        });
  // SLA timers and alert routing (issue 7): signals from this process's bus in every role; the periodic
  // evaluation only where background work runs, under a lease.
  let slaAndAlerts: SlaAndAlerts;
  try {
    slaAndAlerts = startSlaAndAlerts({
      config,
      env: options.env,
      governance: governance.governance,
      store,
      bus: pipeline.bus,
      logger,
      lease: { owner, ttlMs: leaseMsOf(config) },
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  registerSlaMetrics(metrics.registry, slaAndAlerts.sla);
  const api =
    role === 'worker'
      ? undefined
      : await buildApi({
          store,
          pipeline,
          bodyLimitBytes: config.http.bodyLimitBytes,
          logger,
          metrics,
          sla: slaAndAlerts.sla,
          ...(config.security?.auth ? { auth: config.security.auth } : {}),
          ...(tls ? { tls } : {}),
          ...(tlsConfig?.clients ? { clients: tlsConfig.clients } : {}),
          reconcilePeriod: (scope) => readSystems(connectors.reconciliationReaders(), scope, quietProgress),
          people: peopleFrom(config.security?.people),
        });
  await pipeline.start();
  let metricsServer: MetricsServer | undefined;
  try {
    await api?.listen({ host: config.http.host, port: config.http.port });
    if (!api && options.metricsPort !== undefined)
      metricsServer = await serveMetrics(
        metrics,
        config.http.host,
        options.metricsPort,
        config.security?.auth || tlsConfig?.clients
          ? metricsGuard(config.security?.auth ?? { apiKeys: false }, store, tlsConfig?.clients)
          : undefined,
        tls,
      );
  } catch (error) {
    await api?.close();
    await pipeline.stop();
    await store.close();
    await tracing?.shutdown();
    throw error;
  }
  if (role !== 'api') reconciler?.start();
  if (role !== 'api') slaAndAlerts.start();
  if (role !== 'api') anchoring.start();
  if (role !== 'api') retention?.start();
  const address = api?.server.address();
  const port = typeof address === 'object' && address !== null ? address?.port : config.http.port;
  const url =
    api === undefined
      ? ''
      : `${tls ? 'https' : 'http'}://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`;
  if (api) logger.info({ url, store: store.location, role, owner }, 'ledgerline is serving');
  else logger.info({ store: store.location, owner }, 'ledgerline worker is running');

  let stopped = false;
  return {
    url,
    store,
    pipeline,
    metrics,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    sla: slaAndAlerts.sla,
    alerts: slaAndAlerts,
    ...(retention ? { retention } : {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      await api?.close();
      await metricsServer?.close();
      await reconciler?.stop();
      await slaAndAlerts.stop();
      anchoring.stop();
      retention?.stop();
      await pipeline.stop();
      const all = new Set([connectors.erp, ...connectors.sources.map((s) => s.connector)]);
      await Promise.all([...all].map((c) => c.close()));
      await store.close();
      metrics.stop();
      // Spans still buffered are sent before the process goes.
      await tracing?.shutdown();
    },
  };
}
