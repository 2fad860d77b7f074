// The embedded store: one SQLite file, one process. better-sqlite3 is synchronous, so each method runs
// its transaction to the end before yielding; the port is async so that the PostgreSQL adapter fits it.
import { refilled, type Store } from '../port.ts';
import { openDatabase, type OpenOptions } from './database.ts';
import type { FieldSealer } from '../field-sealer.ts';
import { fieldSealer } from '../../security/field-protection/field-sealer.ts';
import { defaultSqliteKeyring } from '../../security/field-protection/field-keys.ts';
import { createIngest } from './ingest.ts';
import { createProcessing } from './processing.ts';
import { createDelivery } from './delivery.ts';
import { createHistory } from './history.ts';
import { createCursors } from './cursors.ts';
import { createSourceMemory } from './source-memory.ts';
import { createReconciliationStore } from './reconciliation.ts';
import { createTelemetryQueries } from './telemetry.ts';
import { createOpsQueries } from './ops-queries.ts';
import { createConsoleReads } from './console-reads.ts';
import { createAuditLog } from './audit-log.ts';
import { createReconciliationRuns } from './reconciliation-runs.ts';
import { createProvenanceReads } from './provenance.ts';
import { createProtectedRows } from './protected-rows.ts';
import { createWebhookDeliveries } from './webhook-deliveries.ts';
import { createApiKeys } from './api-keys.ts';

/** Runs a synchronous store call as a promise; a throw becomes a rejection, as it would for a remote store. */
function lift<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<R> {
  return (...args) => {
    try {
      return Promise.resolve(fn(...args));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

export interface SqliteStoreOptions extends OpenOptions {
  /** How sensitive fields are kept; default: sealed under the key file beside the database (field-keys.ts). */
  readonly sealer?: FieldSealer;
}

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(file, options);
  const sealer = options.sealer ?? fieldSealer(defaultSqliteKeyring(file));
  const processing = createProcessing(db, sealer);
  const audit = createAuditLog(db);
  const ingest = createIngest(db, {
    loadContext: (keys) => processing.loadContext(keys),
    applyDecisions: (decisions, now) => processing.applyDecisions(decisions, now),
    settleDecisions: (committed) => processing.settleProvenance(committed),
    appendAudit: audit.appendWithin,
    sealer,
  });
  const delivery = createDelivery(db, audit.appendWithin, sealer);
  const history = createHistory(db, sealer);
  const cursors = createCursors(db);
  const memory = createSourceMemory(db);
  const reconciliation = createReconciliationStore(db, sealer);
  const telemetry = createTelemetryQueries(db);
  const ops = createOpsQueries(db, sealer);
  const reads = createConsoleReads(db, sealer);
  const runs = createReconciliationRuns(db);
  const provenance = createProvenanceReads(db, sealer);
  const protectedRows = createProtectedRows(db);
  const webhooks = createWebhookDeliveries(db);
  const apiKeys = createApiKeys(db);
  const budgets = new Map<string, { tokens: number; at: number }>();

  return {
    dialect: 'sqlite',
    location: file,
    ingest: lift((events, decider) => ingest(events, decider)),
    claimAccepted: lift((limit, queue) => processing.claimAccepted(limit, queue)),
    loadContext: lift((keys) => processing.loadContext(keys)),
    applyDecisions: lift((decisions, now) => processing.applyDecisions(decisions, now)),
    claimDeliveries: lift((target, limit, now, leaseMs, lanes, queue) =>
      delivery.claimDeliveries(target, limit, now, leaseMs, lanes, queue),
    ),
    nextDueAt: lift((target, lanes, queue) => delivery.nextDueAt(target, lanes, queue)),
    completeDeliveries: lift((results, now, confirm) => delivery.completeDeliveries(results, now, confirm)),
    releaseLeases: lift(() => delivery.releaseLeases()),
    renewDeliveryLeases: lift((seqs, until) => delivery.renewLeases(seqs, until)),
    // One process owns a SQLite store (ADR 4): every named lease is its own, and budgets live in memory.
    holdLease: () => Promise.resolve(true),
    spendBudget: (name, amount, budget, now) => {
      const bucket = budgets.get(name) ?? { tokens: budget.burst, at: now };
      const left = refilled(bucket.tokens, bucket.at, now, budget) - amount;
      budgets.set(name, { tokens: left, at: Math.max(bucket.at, now) });
      return Promise.resolve(left);
    },
    getEvent: lift((id, source) => history.getEvent(id, source)),
    lineage: lift((seq) => history.lineage(seq)),
    listDeadLetters: lift((filter) => history.deadLetters.list(filter)),
    retryDeadLetter: lift((id, now) => history.deadLetters.retry(id, now)),
    resolveDeadLetter: lift((id, note, now) => history.deadLetters.resolve(id, note, now)),
    replay: lift((selection, now) => history.replay(selection, now)),
    stats: lift(() => history.stats()),
    latencies: lift((types) => history.latencies(types)),
    recallSource: lift((system, kind, ids) => memory.recall(system, kind, ids)),
    recallSourceScope: lift((system, kind, scope) => memory.recallScope(system, kind, scope)),
    rememberSource: lift((system, changes) => memory.remember(system, changes)),
    listDelivered: lift((filter) => reconciliation.listDelivered(filter)),
    sourceEventsAbout: lift((subjects) => reconciliation.sourceEventsAbout(subjects)),
    appendSignOff: lift((build) => reconciliation.appendSignOff(build)),
    listSignOffs: lift(() => reconciliation.listSignOffs()),
    webhookDeliverySeen: lift((delivery, now) => webhooks.seen(delivery, now)),
    rememberWebhookDelivery: lift((delivery, now, expiresAt) => webhooks.remember(delivery, now, expiresAt)),
    getCursor: lift((name) => cursors.get(name)),
    setCursor: lift((name, cursor) => cursors.set(name, cursor)),
    // The console's read models (issue 7).
    activity: lift((since, bucketMs) => reads.activity(since, bucketMs)),
    completions: lift((since, limit) => reads.completions(since, limit)),
    deliveryTimes: lift((since, limit) => reads.deliveryTimes(since, limit)),
    queueDepths: lift(() => reads.queueDepths()),
    listParked: lift((filter) => reads.listParked(filter)),
    eventsAt: lift((seqs) => reads.eventsAt(seqs)),
    eventsOfTypes: lift((filter) => reads.eventsOfTypes(filter)),
    getDeadLetter: lift((id) => reads.getDeadLetter(id)),
    close: lift(() => void db.close()),
    opsSnapshot: lift(() => telemetry.opsSnapshot()),
    eventOrigins: lift((seqs) => telemetry.eventOrigins(seqs)),
    // SLA timers and alert routing (issue 7, alerts)
    openWorkByType: lift(() => ops.openWorkByType()),
    countOpenReceivedBefore: lift((types, before) => ops.countOpenReceivedBefore(types, before)),
    deadLettersAfter: lift((afterId, limit) => ops.deadLettersAfter(afterId, limit)),
    openDeadLettersByReason: lift((codes) => ops.openDeadLettersByReason(codes)),
    retryingDeliveries: lift(() => ops.retryingDeliveries()),
    raiseAlert: lift((alert) => ops.raiseAlert(alert)),
    resolveAlert: lift((key, at) => ops.resolveAlert(key, at)),
    listAlerts: lift((filter) => ops.listAlerts(filter)),
    // Audit log (issue 8)
    appendAudit: lift((entries) => audit.append(entries)),
    listAudit: lift((afterSeq, limit) => audit.list(afterSeq, limit)),
    auditHead: lift(() => audit.head()),
    anchorAudit: lift((anchoredAt) => audit.anchor(anchoredAt)),
    listAuditAnchors: lift((limit) => audit.anchors(limit)),
    // Posting provenance (issue 8, explain)
    findDeliveries: lift((ref) => provenance.findDeliveries(ref)),
    deliveryProvenance: lift((target, key) => provenance.deliveryProvenance(target, key)),
    deliveryRecords: lift((seqs) => provenance.deliveryRecords(seqs)),
    // Reconciliation runs (issue 7, console drill-down)
    recordReconciliationRun: lift((run, differences) => runs.record(run, differences)),
    listReconciliationRuns: lift((filter) => runs.list(filter)),
    getReconciliationRun: lift((id) => runs.get(id)),
    listReconciliationDifferences: lift((filter) => runs.differences(filter)),
    // Field protection, retention and erasure (issue 8; protection-port.ts)
    scanProtected: lift((table, afterKey, limit) => protectedRows.scan(table, afterKey, limit)),
    rewriteProtected: lift((rewrites) => protectedRows.rewrite(rewrites)),
    protectedRowsAbout: lift((subject) => protectedRows.about(subject)),
    purgeCandidates: lift((types, before, afterSeq, limit) =>
      protectedRows.purgeCandidates(types, before, afterSeq, limit),
    ),
    markPurged: lift((purged, at) => protectedRows.markPurged(purged, at)),
    // Machine API keys (issue 8, auth)
    createApiKey: lift((key) => apiKeys.create(key)),
    findApiKey: lift((id) => apiKeys.find(id)),
    listApiKeys: lift(() => apiKeys.list()),
    revokeApiKey: lift((id, at) => apiKeys.revoke(id, at)),
    touchApiKey: lift((id, at) => apiKeys.touch(id, at)),
  };
}
