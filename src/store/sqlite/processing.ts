// Processing: claim accepted events, read what deciding needs, and write the decisions in one transaction.
import type {
  QueueClass,
  ContextKeys,
  Decision,
  Dependency,
  MasterRecord,
  ProcessingContext,
  StoredEvent,
} from '../port.ts';
import { dependencyKey, laneOf, masterKey } from '../port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';
import { eventColumns, toStoredEvent, type EventRow } from '../rows.ts';
import { createProvenanceWriter } from './provenance.ts';
import { openedMasterCache } from '../opened-master-cache.ts';
import type { FieldSealer } from '../field-sealer.ts';

export function createProcessing(db: SqliteDatabase, sealer: FieldSealer) {
  // Both queues, merged in seq order: each side walks the (queue, seq) index and stops at the limit.
  const claimAny = db.prepare<{ limit: number }, EventRow>(
    `SELECT * FROM (
       SELECT * FROM (SELECT ${eventColumns} FROM events WHERE state = 'accepted' AND queue = 'master' ORDER BY seq LIMIT @limit)
       UNION ALL
       SELECT * FROM (SELECT ${eventColumns} FROM events WHERE state = 'accepted' AND queue = 'transactional' ORDER BY seq LIMIT @limit)
     ) ORDER BY seq LIMIT @limit`,
  );
  const claimInQueue = db.prepare<[string, number], EventRow>(
    `SELECT ${eventColumns} FROM events WHERE state = 'accepted' AND queue = ? ORDER BY seq LIMIT ?`,
  );
  const getXref = db.prepare<[string, string], { external_id: string }>(
    'SELECT external_id FROM xrefs WHERE canonical_id = ? AND system = ?',
  );
  // Served by xrefs_external (system, external_id); the kind prefix tells a project from a customer.
  const getCanonical = db.prepare<
    { system: string; externalId: string; kind: string },
    { canonical_id: string }
  >(
    `SELECT canonical_id FROM xrefs WHERE system = @system AND external_id = @externalId
       AND canonical_id >= @kind || ':' AND canonical_id < @kind || ';' LIMIT 1`,
  );
  const getMaster = db.prepare<[string, string], { data: string }>(
    'SELECT data FROM master_data WHERE kind = ? AND id = ?',
  );
  const upsertMaster = db.prepare<[string, string, string, number]>(
    `INSERT INTO master_data (kind, id, data, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  );
  const release = db.prepare<[string]>(
    `UPDATE events SET state = 'accepted', park_key = NULL, reason = NULL, reason_code = NULL
     WHERE park_key = ? AND state = 'parked'`,
  );
  // No RETURNING: SQLite runs a RETURNING statement with a statement journal, and inside the savepoint
  // intake applies decisions in, opening and releasing it cost more than the insert (a tenth of the
  // process's CPU in the 30k benchmark). `changes` says whether the row is new.
  const insertDelivery = db.prepare<
    [number, string, string, string, string, number, string, string, number, number]
  >(
    `INSERT INTO deliveries (event_seq, target, kind, queue, ordering_key, lane, idempotency_key, payload, state, run_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (target, idempotency_key) DO NOTHING`,
  );
  const existingDelivery = db.prepare<[string, string], { seq: number; event_seq: number; state: string }>(
    'SELECT seq, event_seq, state FROM deliveries WHERE target = ? AND idempotency_key = ?',
  );
  const setDelivering = db.prepare<[number, number]>(
    "UPDATE events SET state = 'delivering', pending_deliveries = ?, reason = NULL, reason_code = NULL WHERE seq = ?",
  );
  const setCompleted = db.prepare<[number, string | null, number]>(
    "UPDATE events SET state = 'completed', completed_at = ?, reason = ?, reason_code = NULL, park_key = NULL WHERE seq = ?",
  );
  const setParked = db.prepare<[string, string, number]>(
    "UPDATE events SET state = 'parked', park_key = ?, reason = ?, reason_code = 'parked.awaiting_dependency' WHERE seq = ?",
  );
  const setAcceptedAgain = db.prepare<[number]>(
    "UPDATE events SET state = 'accepted', park_key = NULL, reason = NULL, reason_code = NULL WHERE seq = ?",
  );
  const setRejected = db.prepare<[string, string, number]>(
    "UPDATE events SET state = 'rejected', reason_code = ?, reason = ?, park_key = NULL WHERE seq = ?",
  );
  const openDeadLetterOf = db.prepare<[number], { id: number }>(
    "SELECT id FROM dead_letters WHERE event_seq = ? AND delivery_seq IS NULL AND state = 'open'",
  );
  const insertDeadLetter = db.prepare<[number, string, string, string | null, number]>(
    "INSERT INTO dead_letters (event_seq, reason_code, message, detail, state, created_at) VALUES (?, ?, ?, ?, 'open', ?)",
  );

  const provenance = createProvenanceWriter(db, sealer);
  // Provenance inputs written by decisions applied inside an enclosing transaction (intake's), not yet
  // known to be committed: the enclosing transaction's owner settles them.
  let uncommitted = new Set<string>();
  const openMaster = openedMasterCache(sealer);

  function isSatisfied(dependency: Dependency): boolean {
    if (dependency.kind === 'xref')
      return getXref.get(dependency.canonicalId, dependency.system) !== undefined;
    const row = getMaster.get(dependency.objectKind, dependency.id);
    // `seen` is in clear; the stored row may hold sealed fields (fresh IVs every write): compare opened.
    return (
      row !== undefined &&
      (dependency.seen === undefined || JSON.stringify(sealer.openMaster(row.data)) !== dependency.seen)
    );
  }

  function applyUpserts(upserts: readonly MasterRecord[] | undefined, now: number): void {
    for (const record of upserts ?? []) {
      upsertMaster.run(record.kind, record.id, sealer.sealMaster(record.kind, record.data), now);
      release.run(`master|${record.kind}|${record.id}`);
    }
  }

  const apply = writeTransaction(db, (decisions: readonly Decision[], now: number, written: Set<string>) => {
    for (const decision of decisions) {
      switch (decision.kind) {
        case 'deliver': {
          applyUpserts(decision.upserts, now);
          let pending = 0;
          const others = new Set<number>();
          for (const d of decision.deliveries) {
            const inserted =
              insertDelivery.run(
                decision.seq,
                d.target,
                d.kind,
                d.queue,
                d.orderingKey,
                laneOf(d.orderingKey),
                d.idempotencyKey,
                sealer.sealOpaque(d.payload),
                now,
                now,
              ).changes === 1;
            if (inserted) {
              provenance.write(d, written);
              pending += 1;
              continue;
            }
            const existing = existingDelivery.get(d.target, d.idempotencyKey);
            if (existing?.event_seq === decision.seq) {
              if (existing.state !== 'delivered') pending += 1;
            } else if (existing) others.add(existing.event_seq);
          }
          if (pending > 0) setDelivering.run(pending, decision.seq);
          else {
            const note =
              others.size > 0
                ? `already delivered for event seq ${[...others].join(', ')}`
                : 'already delivered';
            setCompleted.run(now, note, decision.seq);
          }
          break;
        }
        case 'park': {
          applyUpserts(decision.upserts, now);
          setParked.run(dependencyKey(decision.dependency), decision.dependency.awaiting, decision.seq);
          // The dependency may have been confirmed while this batch was being decided: never park on a
          // condition that already holds, or the event would wait forever.
          if (isSatisfied(decision.dependency)) setAcceptedAgain.run(decision.seq);
          break;
        }
        case 'reject': {
          setRejected.run(decision.reasonCode, decision.reason, decision.seq);
          if (!openDeadLetterOf.get(decision.seq)) {
            const detail =
              decision.detail === undefined ? null : sealer.sealOpaque(JSON.stringify(decision.detail));
            insertDeadLetter.run(decision.seq, decision.reasonCode, decision.reason, detail, now);
          }
          break;
        }
        case 'complete': {
          applyUpserts(decision.upserts, now);
          setCompleted.run(now, decision.note ?? null, decision.seq);
          break;
        }
      }
    }
  });

  return {
    claimAccepted(limit: number, queue?: QueueClass): StoredEvent[] {
      const rows = queue === undefined ? claimAny.all({ limit }) : claimInQueue.all(queue, limit);
      return rows.map((r) => toStoredEvent(r, sealer));
    },
    loadContext(keys: ContextKeys): ProcessingContext {
      const xrefs = new Map<string, string>();
      for (const key of keys.xrefs) {
        const [canonicalId = '', system = ''] = key.split('|');
        const row = getXref.get(canonicalId, system);
        if (row) xrefs.set(key, row.external_id);
      }
      const master = new Map<string, MasterRecord>();
      for (const key of keys.master) {
        const [kind = '', id = ''] = key.split('|');
        const row = getMaster.get(kind, id);
        if (row) master.set(key, { kind, id, data: openMaster(row.data) } as MasterRecord);
      }
      const canonical = new Map<string, string>();
      for (const key of keys.canonical ?? []) {
        const [kind = '', system = '', ...rest] = key.split('|');
        const row = getCanonical.get({ system, externalId: rest.join('|'), kind });
        if (row) canonical.set(key, row.canonical_id);
      }
      return { xrefs, master, canonical };
    },
    applyDecisions(decisions: readonly Decision[], now: number): void {
      const written = new Set<string>();
      apply(decisions, now, written); // a failure undid its rows: nothing to remember
      if (!db.inTransaction) provenance.committedAll(written);
      else for (const digest of written) uncommitted.add(digest);
    },
    /** Called by the owner of the transaction decisions were applied in, once it ended. */
    settleProvenance(committed: boolean): void {
      if (committed) provenance.committedAll(uncommitted);
      uncommitted = new Set();
    },
    masterKey,
  };
}
