// Processing on PostgreSQL: read what deciding needs and write the decisions, each kind of write one
// statement over arrays (unnest) for the whole batch, so a batch of 1,000 decisions costs a handful of
// round trips, not thousands.
import type {
  ContextKeys,
  Decision,
  Dependency,
  MasterRecord,
  ProcessingContext,
  QueueClass,
  StoredEvent,
} from '../port.ts';
import { dependencyKey, laneOf } from '../port.ts';
import { eventColumns, toStoredEvent, type EventRow } from '../rows.ts';
import { recordProvenance } from './provenance.ts';
import type { FieldSealer } from '../field-sealer.ts';
import type { Queryable } from './database.ts';
import { lockDependencies, lockDeciding } from './dependency-locks.ts';

export async function claimAccepted(
  db: Queryable,
  sealer: FieldSealer,
  limit: number,
  queue?: QueueClass,
): Promise<StoredEvent[]> {
  const { rows } =
    queue === undefined
      ? await db.query<EventRow>(
          `SELECT ${eventColumns} FROM events WHERE state = 'accepted' ORDER BY seq LIMIT $1`,
          [limit],
        )
      : await db.query<EventRow>(
          `SELECT ${eventColumns} FROM events WHERE state = 'accepted' AND queue = $1 ORDER BY seq LIMIT $2`,
          [queue, limit],
        );
  return rows.map((r) => toStoredEvent(r, sealer));
}

function splitKey(key: string, parts: number): string[] {
  const pieces = key.split('|');
  return [...pieces.slice(0, parts - 1), pieces.slice(parts - 1).join('|')];
}

export async function loadContext(
  db: Queryable,
  keys: ContextKeys,
  sealer: FieldSealer,
): Promise<ProcessingContext> {
  const xrefs = new Map<string, string>();
  if (keys.xrefs.length > 0) {
    const pairs = keys.xrefs.map((k) => splitKey(k, 2));
    const { rows } = await db.query<{ canonical_id: string; system: string; external_id: string }>(
      `SELECT x.canonical_id, x.system, x.external_id FROM xrefs x
       JOIN unnest($1::text[], $2::text[]) AS k(canonical_id, system)
         ON x.canonical_id = k.canonical_id AND x.system = k.system`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    for (const r of rows) xrefs.set(`${r.canonical_id}|${r.system}`, r.external_id);
  }
  const master = new Map<string, MasterRecord>();
  if (keys.master.length > 0) {
    const pairs = keys.master.map((k) => splitKey(k, 2));
    const { rows } = await db.query<{ kind: string; id: string; data: string }>(
      `SELECT m.kind, m.id, m.data FROM master_data m
       JOIN unnest($1::text[], $2::text[]) AS k(kind, id) ON m.kind = k.kind AND m.id = k.id`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    for (const r of rows)
      master.set(`${r.kind}|${r.id}`, {
        kind: r.kind,
        id: r.id,
        data: sealer.openMaster(r.data),
      } as MasterRecord);
  }
  const canonical = new Map<string, string>();
  const wanted = keys.canonical ?? [];
  if (wanted.length > 0) {
    const triples = wanted.map((k) => splitKey(k, 3));
    // The kind prefix tells a project from a customer among one system's ids.
    const { rows } = await db.query<{ key: string; canonical_id: string }>(
      `SELECT k.kind || '|' || k.system || '|' || k.external_id AS key, x.canonical_id
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k(kind, system, external_id)
       JOIN LATERAL (
         SELECT canonical_id FROM xrefs
         WHERE system = k.system AND external_id = k.external_id AND starts_with(canonical_id, k.kind || ':')
         LIMIT 1) x ON true`,
      [triples.map((t) => t[0]), triples.map((t) => t[1]), triples.map((t) => t[2])],
    );
    for (const r of rows) canonical.set(r.key, r.canonical_id);
  }
  return { xrefs, master, canonical };
}

/** Upserts master records (the last of a key wins, as if written one by one) and releases their waiters. */
async function applyUpserts(
  db: Queryable,
  records: readonly MasterRecord[],
  now: number,
  sealer: FieldSealer,
): Promise<void> {
  if (records.length === 0) return;
  const latest = new Map<string, MasterRecord>();
  for (const r of records) latest.set(`${r.kind}|${r.id}`, r);
  const list = [...latest.values()].sort((a, b) =>
    a.kind === b.kind ? (a.id < b.id ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );
  await db.query(
    `INSERT INTO master_data (kind, id, data, updated_at)
     SELECT kind, id, data, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS u(kind, id, data)
     ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
    [list.map((r) => r.kind), list.map((r) => r.id), list.map((r) => sealer.sealMaster(r.kind, r.data)), now],
  );
  await releaseParked(
    db,
    list.map((r) => `master|${r.kind}|${r.id}`),
  );
}

export async function releaseParked(db: Queryable, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `UPDATE events SET state = 'accepted', park_key = NULL, reason = NULL, reason_code = NULL
     WHERE park_key = ANY($1::text[]) AND state = 'parked'`,
    [[...new Set(keys)]],
  );
}

async function applyDeliveries(
  db: Queryable,
  decisions: readonly Extract<Decision, { kind: 'deliver' }>[],
  now: number,
  sealer: FieldSealer,
): Promise<void> {
  const rows = decisions.flatMap((decision) =>
    decision.deliveries.map((d) => ({ eventSeq: decision.seq, ...d })),
  );
  const inserted = new Set<string>();
  if (rows.length > 0) {
    const result = await db.query<{ target: string; idempotency_key: string }>(
      `INSERT INTO deliveries (event_seq, target, kind, queue, ordering_key, lane, idempotency_key, payload, state, run_at, created_at)
       SELECT event_seq, target, kind, queue, ordering_key, lane, idempotency_key, payload, 'pending', $2, $2
       FROM json_to_recordset($1::json) AS u(event_seq bigint, target text, kind text, queue text,
         ordering_key text, lane int, idempotency_key text, payload text, n int)
       ORDER BY n
       ON CONFLICT (target, idempotency_key) DO NOTHING RETURNING target, idempotency_key`,
      [
        JSON.stringify(
          rows.map((r, n) => ({
            event_seq: r.eventSeq,
            target: r.target,
            kind: r.kind,
            queue: r.queue,
            ordering_key: r.orderingKey,
            lane: laneOf(r.orderingKey),
            idempotency_key: r.idempotencyKey,
            payload: sealer.sealOpaque(r.payload),
            n,
          })),
        ),
        now,
      ],
    );
    for (const r of result.rows) inserted.add(`${r.target}\u0000${r.idempotency_key}`);
    await recordProvenance(
      db,
      rows.filter((r) => inserted.has(`${r.target}\u0000${r.idempotencyKey}`)),
      sealer,
    );
  }
  // Rows that were already there: this event's own (a decision applied again) or another event's.
  const known = rows.filter((r) => !inserted.has(`${r.target}\u0000${r.idempotencyKey}`));
  const existing = new Map<string, { eventSeq: number; state: string }>();
  if (known.length > 0) {
    const { rows: found } = await db.query<{
      target: string;
      idempotency_key: string;
      event_seq: number;
      state: string;
    }>(
      `SELECT d.target, d.idempotency_key, d.event_seq, d.state FROM deliveries d
       JOIN unnest($1::text[], $2::text[]) AS k(target, idempotency_key)
         ON d.target = k.target AND d.idempotency_key = k.idempotency_key`,
      [known.map((r) => r.target), known.map((r) => r.idempotencyKey)],
    );
    for (const f of found)
      existing.set(`${f.target}\u0000${f.idempotency_key}`, { eventSeq: f.event_seq, state: f.state });
  }
  // A key written in this batch belongs to the first decision that wrote it, as if the decisions had been
  // written one after the other.
  const keyOf = (r: { readonly target: string; readonly idempotencyKey: string }) =>
    `${r.target}\u0000${r.idempotencyKey}`;
  const firstWriter = new Map<string, number>();
  for (const r of rows) if (!firstWriter.has(keyOf(r))) firstWriter.set(keyOf(r), r.eventSeq);
  const delivering: { seq: number; pending: number }[] = [];
  const completed: { seq: number; note: string }[] = [];
  for (const decision of decisions) {
    let pending = 0;
    const others = new Set<number>();
    for (const d of decision.deliveries) {
      const key = keyOf(d);
      const owner = inserted.has(key)
        ? { eventSeq: firstWriter.get(key) ?? decision.seq, state: 'pending' }
        : existing.get(key);
      if (owner?.eventSeq === decision.seq) {
        if (owner.state !== 'delivered') pending += 1;
      } else if (owner) others.add(owner.eventSeq);
    }
    if (pending > 0) delivering.push({ seq: decision.seq, pending });
    else
      completed.push({
        seq: decision.seq,
        note:
          others.size > 0 ? `already delivered for event seq ${[...others].join(', ')}` : 'already delivered',
      });
  }
  if (delivering.length > 0)
    await db.query(
      `UPDATE events e SET state = 'delivering', pending_deliveries = u.pending, reason = NULL, reason_code = NULL
       FROM unnest($1::bigint[], $2::int[]) AS u(seq, pending) WHERE e.seq = u.seq`,
      [delivering.map((d) => d.seq), delivering.map((d) => d.pending)],
    );
  await setCompleted(db, completed, now);
}

async function setCompleted(
  db: Queryable,
  completed: readonly { seq: number; note: string | null }[],
  now: number,
): Promise<void> {
  if (completed.length === 0) return;
  await db.query(
    `UPDATE events e SET state = 'completed', completed_at = $3, reason = u.note, reason_code = NULL, park_key = NULL
     FROM unnest($1::bigint[], $2::text[]) AS u(seq, note) WHERE e.seq = u.seq`,
    [completed.map((c) => c.seq), completed.map((c) => c.note), now],
  );
}

/**
 * `seen` is the record's data in clear; the stored row may hold sealed fields (fresh IVs every write), so
 * it is compared after opening. Answers, per wait, the stored text when it still is what was seen (the
 * SQL below then keeps the event parked) and `seen` itself otherwise.
 */
async function storedSeen(
  db: Queryable,
  waits: readonly Extract<Dependency, { kind: 'master' }>[],
  sealer: FieldSealer,
): Promise<(string | null)[]> {
  const withSeen = waits.filter((w) => w.seen !== undefined);
  if (withSeen.length === 0) return waits.map(() => null);
  const { rows } = await db.query<{ kind: string; id: string; data: string }>(
    `SELECT m.kind, m.id, m.data FROM master_data m
     JOIN unnest($1::text[], $2::text[]) AS k(kind, id) ON m.kind = k.kind AND m.id = k.id`,
    [withSeen.map((w) => w.objectKind), withSeen.map((w) => w.id)],
  );
  const stored = new Map(rows.map((r) => [`${r.kind}|${r.id}`, r.data]));
  return waits.map((w) => {
    if (w.seen === undefined) return null;
    const text = stored.get(`${w.objectKind}|${w.id}`);
    return text !== undefined && JSON.stringify(sealer.openMaster(text)) === w.seen ? text : w.seen;
  });
}

async function applyParks(
  db: Queryable,
  decisions: readonly Extract<Decision, { kind: 'park' }>[],
  sealer: FieldSealer,
): Promise<void> {
  if (decisions.length === 0) return;
  const deps = decisions.map((d) => d.dependency);
  await db.query(
    `UPDATE events e SET state = 'parked', park_key = u.park_key, reason = u.reason,
       reason_code = 'parked.awaiting_dependency'
     FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(seq, park_key, reason) WHERE e.seq = u.seq`,
    [decisions.map((d) => d.seq), deps.map(dependencyKey), deps.map((d) => d.awaiting)],
  );
  // The dependency may have been confirmed while this batch was being decided: never park on a condition
  // that already holds, or the event would wait forever.
  const xrefWaits = decisions.filter(
    (d): d is typeof d & { dependency: Extract<Dependency, { kind: 'xref' }> } =>
      d.dependency.kind === 'xref',
  );
  const masterWaits = decisions.filter(
    (d): d is typeof d & { dependency: Extract<Dependency, { kind: 'master' }> } =>
      d.dependency.kind === 'master',
  );
  if (xrefWaits.length > 0)
    await db.query(
      `UPDATE events e SET state = 'accepted', park_key = NULL, reason = NULL, reason_code = NULL
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(seq, canonical_id, system)
       WHERE e.seq = u.seq AND e.state = 'parked'
         AND EXISTS (SELECT 1 FROM xrefs x WHERE x.canonical_id = u.canonical_id AND x.system = u.system)`,
      [
        xrefWaits.map((d) => d.seq),
        xrefWaits.map((d) => d.dependency.canonicalId),
        xrefWaits.map((d) => d.dependency.system),
      ],
    );
  if (masterWaits.length > 0)
    await db.query(
      `UPDATE events e SET state = 'accepted', park_key = NULL, reason = NULL, reason_code = NULL
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(seq, kind, id, seen)
       WHERE e.seq = u.seq AND e.state = 'parked'
         AND EXISTS (SELECT 1 FROM master_data m
                     WHERE m.kind = u.kind AND m.id = u.id AND (u.seen IS NULL OR m.data <> u.seen))`,
      [
        masterWaits.map((d) => d.seq),
        masterWaits.map((d) => d.dependency.objectKind),
        masterWaits.map((d) => d.dependency.id),
        await storedSeen(
          db,
          masterWaits.map((d) => d.dependency),
          sealer,
        ),
      ],
    );
}

async function applyRejects(
  db: Queryable,
  decisions: readonly Extract<Decision, { kind: 'reject' }>[],
  now: number,
  sealer: FieldSealer,
): Promise<void> {
  if (decisions.length === 0) return;
  const params = [
    decisions.map((d) => d.seq),
    decisions.map((d) => d.reasonCode),
    decisions.map((d) => d.reason),
    decisions.map((d) => (d.detail === undefined ? null : sealer.sealOpaque(JSON.stringify(d.detail)))),
  ];
  await db.query(
    `UPDATE events e SET state = 'rejected', reason_code = u.reason_code, reason = u.reason, park_key = NULL
     FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(seq, reason_code, reason) WHERE e.seq = u.seq`,
    params.slice(0, 3),
  );
  // One open dead letter per rejected event: deciding it again does not file a second.
  await db.query(
    `INSERT INTO dead_letters (event_seq, reason_code, message, detail, state, created_at)
     SELECT u.seq, u.reason_code, u.reason, u.detail, 'open', $5
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(seq, reason_code, reason, detail)
     WHERE NOT EXISTS (SELECT 1 FROM dead_letters d
                       WHERE d.event_seq = u.seq AND d.delivery_seq IS NULL AND d.state = 'open')`,
    [...params, now],
  );
}

export async function applyDecisions(
  db: Queryable,
  decisions: readonly Decision[],
  now: number,
  sealer: FieldSealer,
): Promise<void> {
  const upserts: MasterRecord[] = [];
  const deliver: Extract<Decision, { kind: 'deliver' }>[] = [];
  const park: Extract<Decision, { kind: 'park' }>[] = [];
  const reject: Extract<Decision, { kind: 'reject' }>[] = [];
  const complete: { seq: number; note: string | null }[] = [];
  for (const d of decisions) {
    if (d.kind !== 'reject') upserts.push(...(d.upserts ?? []));
    if (d.kind === 'deliver') deliver.push(d);
    else if (d.kind === 'park') park.push(d);
    else if (d.kind === 'reject') reject.push(d);
    else complete.push({ seq: d.seq, note: d.note ?? null });
  }
  // Master data written here releases parked events: the decide locks first (see lockDeciding), then
  // every dependency this batch writes or waits on, locked once, before either (see dependency-locks.ts).
  if (upserts.length > 0) await lockDeciding(db);
  await lockDependencies(db, [
    ...upserts.map((r) => `master|${r.kind}|${r.id}`),
    ...park.map((d) => dependencyKey(d.dependency)),
  ]);
  await applyUpserts(db, upserts, now, sealer);
  await applyDeliveries(db, deliver, now, sealer);
  await applyParks(db, park, sealer);
  await applyRejects(db, reject, now, sealer);
  await setCompleted(db, complete, now);
}
