// The scale-out store: one PostgreSQL schema shared by any number of processes (API nodes and workers).
// Every state change is one transaction; what two processes could do at once is kept apart by row leases
// (deliveries), named leases (deciding a queue, polling a source) and advisory locks (see each file).
import type { Store } from '../port.ts';
import { defaultOwner } from '../owner.ts';
import { openPool, parsePostgresUrl, redact, transaction } from './database.ts';
import { createIngest } from './ingest.ts';
import { applyDecisions, claimAccepted, loadContext } from './processing.ts';
import { createDelivery } from './delivery.ts';
import { createHistory } from './history.ts';
import { createTelemetryQueries } from './telemetry.ts';
import { createKeeping } from './keeping.ts';
import { createOpsQueries } from './ops-queries.ts';
import { createConsoleReads } from './console-reads.ts';
import { createAuditLog } from './audit-log.ts';
import { createReconciliationRuns } from './reconciliation-runs.ts';
import { createProvenanceReads } from './provenance.ts';
import { createProtectedRows } from './protected-rows.ts';
import type { FieldSealer } from '../field-sealer.ts';
import { fieldSealer } from '../../security/field-protection/field-sealer.ts';
import { createWebhookDeliveries } from './webhook-deliveries.ts';
import { createApiKeys } from './api-keys.ts';

export interface PostgresStoreOptions {
  /** Names this process in leases (default host:pid:random), so its leases are told from another's. */
  readonly owner?: string;
  /** Connections in the pool (default 4). */
  readonly poolSize?: number;
  /** How sensitive fields are kept; default: in clear (configure security.fieldEncryption). */
  readonly sealer?: FieldSealer;
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const location = parsePostgresUrl(url);
  const owner = options.owner ?? defaultOwner();
  const pool = await openPool(location, options.poolSize ?? 4, owner);
  const sealer = options.sealer ?? fieldSealer(undefined);
  const ingest = createIngest(pool, sealer);
  const delivery = createDelivery(pool, owner, sealer);
  const history = createHistory(pool, sealer);
  const keeping = createKeeping(pool, sealer);
  const telemetry = createTelemetryQueries(pool);
  const ops = createOpsQueries(pool, sealer);
  const reads = createConsoleReads(pool, sealer);
  const audit = createAuditLog(pool);
  const runs = createReconciliationRuns(pool);
  const provenance = createProvenanceReads(pool, sealer);
  const protectedRows = createProtectedRows(pool);
  const webhooks = createWebhookDeliveries(pool);
  const apiKeys = createApiKeys(pool);
  let closed = false;

  return {
    dialect: 'postgres',
    location: `${redact(location.connectionString)} (schema ${location.schema})`,
    ingest,
    claimAccepted: (limit, queue) => claimAccepted(pool, sealer, limit, queue),
    loadContext: (keys) => loadContext(pool, keys, sealer),
    applyDecisions: (decisions, now) =>
      transaction(pool, (client) => applyDecisions(client, decisions, now, sealer)),
    claimDeliveries: (target, limit, now, leaseMs, lanes, queue) =>
      delivery.claimDeliveries(target, limit, now, leaseMs, lanes, queue),
    nextDueAt: (target, lanes, queue) => delivery.nextDueAt(target, lanes, queue),
    completeDeliveries: (results, now, confirm) => delivery.completeDeliveries(results, now, confirm),
    releaseLeases: () => delivery.releaseLeases(),
    renewDeliveryLeases: (seqs, until) => delivery.renewLeases(seqs, until),
    holdLease: (name, leaseOwner, now, ttlMs) => keeping.holdLease(name, leaseOwner, now, ttlMs),
    spendBudget: (name, amount, budget, now) => keeping.spendBudget(name, amount, budget, now),
    getEvent: (id, source) => history.getEvent(id, source),
    lineage: (seq) => history.lineage(seq),
    listDeadLetters: (filter) => history.listDeadLetters(filter),
    retryDeadLetter: (id, now) => history.retryDeadLetter(id, now),
    resolveDeadLetter: (id, note, now) => history.resolveDeadLetter(id, note, now),
    replay: (selection, now) => history.replay(selection, now),
    stats: () => history.stats(),
    latencies: (types) => history.latencies(types),
    recallSource: (system, kind, ids) => keeping.recallSource(system, kind, ids),
    recallSourceScope: (system, kind, scope) => keeping.recallSourceScope(system, kind, scope),
    rememberSource: (system, changes) => keeping.rememberSource(system, changes),
    listDelivered: (filter) => keeping.listDelivered(filter),
    sourceEventsAbout: (subjects) => keeping.sourceEventsAbout(subjects),
    appendSignOff: (build) => keeping.appendSignOff(build),
    listSignOffs: () => keeping.listSignOffs(),
    webhookDeliverySeen: (delivery, now) => webhooks.seen(delivery, now),
    rememberWebhookDelivery: (delivery, now, expiresAt) => webhooks.remember(delivery, now, expiresAt),
    getCursor: (name) => keeping.getCursor(name),
    setCursor: (name, cursor) => keeping.setCursor(name, cursor),
    // SLA timers and alert routing (issue 7, alerts)
    openWorkByType: () => ops.openWorkByType(),
    countOpenReceivedBefore: (types, before) => ops.countOpenReceivedBefore(types, before),
    deadLettersAfter: (afterId, limit) => ops.deadLettersAfter(afterId, limit),
    openDeadLettersByReason: (codes) => ops.openDeadLettersByReason(codes),
    retryingDeliveries: () => ops.retryingDeliveries(),
    raiseAlert: (alert) => ops.raiseAlert(alert),
    resolveAlert: (key, at) => ops.resolveAlert(key, at),
    listAlerts: (filter) => ops.listAlerts(filter),
    // The console's read models (issue 7).
    activity: (since, bucketMs) => reads.activity(since, bucketMs),
    completions: (since, limit) => reads.completions(since, limit),
    deliveryTimes: (since, limit) => reads.deliveryTimes(since, limit),
    queueDepths: () => reads.queueDepths(),
    listParked: (filter) => reads.listParked(filter),
    eventsAt: (seqs) => reads.eventsAt(seqs),
    eventsOfTypes: (filter) => reads.eventsOfTypes(filter),
    getDeadLetter: (id) => reads.getDeadLetter(id),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
    opsSnapshot: () => telemetry.opsSnapshot(),
    eventOrigins: (seqs) => telemetry.eventOrigins(seqs),
    // Audit log (issue 8)
    appendAudit: (entries) => audit.append(entries),
    listAudit: (afterSeq, limit) => audit.list(afterSeq, limit),
    auditHead: () => audit.head(),
    anchorAudit: (anchoredAt) => audit.anchor(anchoredAt),
    listAuditAnchors: (limit) => audit.anchors(limit),
    // Reconciliation runs (issue 7, console drill-down)
    // Posting provenance (issue 8, explain)
    findDeliveries: (ref) => provenance.findDeliveries(ref),
    deliveryProvenance: (target, key) => provenance.deliveryProvenance(target, key),
    deliveryRecords: (seqs) => provenance.deliveryRecords(seqs),
    recordReconciliationRun: (run, differences) => runs.record(run, differences),
    listReconciliationRuns: (filter) => runs.list(filter),
    getReconciliationRun: (id) => runs.get(id),
    listReconciliationDifferences: (filter) => runs.differences(filter),
    // Field protection, retention and erasure (issue 8; protection-port.ts)
    scanProtected: (table, afterKey, limit) => protectedRows.scan(table, afterKey, limit),
    rewriteProtected: (rewrites) => protectedRows.rewrite(rewrites),
    protectedRowsAbout: (subject) => protectedRows.about(subject),
    purgeCandidates: (types, before, afterSeq, limit) =>
      protectedRows.purgeCandidates(types, before, afterSeq, limit),
    markPurged: (purged, at) => protectedRows.markPurged(purged, at),
    // Machine API keys (issue 8, auth)
    createApiKey: (key) => apiKeys.create(key),
    findApiKey: (id) => apiKeys.find(id),
    listApiKeys: () => apiKeys.list(),
    revokeApiKey: (id, at) => apiKeys.revoke(id, at),
    touchApiKey: (id, at) => apiKeys.touch(id, at),
  };
}
