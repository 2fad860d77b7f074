// Intake on PostgreSQL: one INSERT over arrays for the batch (duplicates by (source, id) answered with the
// original's state), and, given a decider, the new events decided in the same transaction.
//
// Deciding follows seq order within a queue, and several API nodes may take intake at once: a batch that
// decides takes the decide locks first (see lockDeciding), so two batches are decided one after the
// other, and a batch whose queue still has undecided events leaves its own to the processor, as on SQLite.
import type { Decision, IngestOutcome, IntakeDecider, NewEvent, QueueClass, StoredEvent } from '../port.ts';
import type { EventState } from '../port.ts';
import { acceptedEvent } from '../rows.ts';
import type pg from 'pg';
import { transaction } from './database.ts';
import { appendAuditWithin } from './audit-log.ts';
import { acceptedAuditEntries } from '../../audit/batches.ts';
import { applyDecisions, loadContext } from './processing.ts';
import { lockDeciding } from './dependency-locks.ts';
import type { FieldSealer } from '../field-sealer.ts';

async function decideInline(
  client: pg.PoolClient,
  accepted: readonly StoredEvent[],
  decider: IntakeDecider,
  sealer: FieldSealer,
): Promise<void> {
  let decisions: readonly Decision[];
  try {
    decisions = decider.decide(accepted, await loadContext(client, decider.keys(accepted), sealer));
  } catch {
    return; // left accepted: the processor decides them and reports what fails
  }
  // A savepoint: if writing the decisions fails, only they are undone and the events stay accepted.
  await client.query('SAVEPOINT decide');
  try {
    await applyDecisions(client, decisions, Math.max(...accepted.map((e) => e.receivedAt)), sealer);
    await client.query('RELEASE SAVEPOINT decide');
  } catch {
    await client.query('ROLLBACK TO SAVEPOINT decide');
    decider.discard?.();
  }
}

export function createIngest(pool: pg.Pool, sealer: FieldSealer) {
  return (events: readonly NewEvent[], decider?: IntakeDecider): Promise<IngestOutcome[]> =>
    transaction(pool, async (client) => {
      const queues = [...new Set(events.map((e) => e.queue))].sort();
      const decideHere = new Set<QueueClass>();
      if (decider) {
        await lockDeciding(client);
        for (const queue of queues) {
          const { rowCount } = await client.query(
            "SELECT 1 FROM events WHERE state = 'accepted' AND queue = $1 LIMIT 1",
            [queue],
          );
          if (rowCount === 0) decideHere.add(queue);
        }
      }
      // The batch goes as one JSON parameter: node-postgres escapes a text[] element by element, which
      // for a thousand envelopes costs several times what JSON.stringify and json_to_recordset do.
      const { rows: inserted } = await client.query<{ seq: number; source: string; event_id: string }>(
        `INSERT INTO events (source, event_id, type, subject, envelope, queue, state, received_at)
         SELECT source, event_id, type, subject, envelope, queue, 'accepted', received_at
         FROM json_to_recordset($1::json) AS u(source text, event_id text, type text, subject text,
           envelope text, queue text, received_at bigint, n int)
         ORDER BY n
         ON CONFLICT (event_id, source) DO NOTHING
         RETURNING seq, source, event_id`,
        [
          JSON.stringify(
            events.map((e, n) => ({
              source: e.event.source,
              event_id: e.event.id,
              type: e.event.type,
              subject: e.event.subject,
              envelope: sealer.sealEvent(e.event),
              queue: e.queue,
              received_at: e.receivedAt,
              n,
            })),
          ),
        ],
      );
      const keyOf = (source: string, id: string) => `${source}\u0000${id}`;
      const seqOf = new Map(inserted.map((r) => [keyOf(r.source, r.event_id), r.seq]));
      const known = events.filter((e) => !seqOf.has(keyOf(e.event.source, e.event.id)));
      const originals = new Map<string, { seq: number; state: EventState; receivedAt: number }>();
      if (known.length > 0) {
        const { rows } = await client.query<{
          seq: number;
          source: string;
          event_id: string;
          state: EventState;
          received_at: number;
        }>(
          `SELECT e.seq, e.source, e.event_id, e.state, e.received_at FROM events e
           JOIN unnest($1::text[], $2::text[]) AS k(source, event_id)
             ON e.event_id = k.event_id AND e.source = k.source`,
          [known.map((e) => e.event.source), known.map((e) => e.event.id)],
        );
        for (const r of rows)
          originals.set(keyOf(r.source, r.event_id), {
            seq: r.seq,
            state: r.state,
            receivedAt: r.received_at,
          });
      }
      let duplicates = 0;
      const accepted: StoredEvent[] = [];
      const outcomes = events.map(({ event, receivedAt, queue }): IngestOutcome => {
        const key = keyOf(event.source, event.id);
        const seq = seqOf.get(key);
        if (seq !== undefined) {
          // The first of the batch with this identity is the one written; a repeat in the same batch is
          // its duplicate.
          seqOf.delete(key);
          originals.set(key, { seq, state: 'accepted', receivedAt });
          if (decideHere.has(queue)) accepted.push(acceptedEvent(seq, event, queue, receivedAt));
          return { status: 'accepted', seq };
        }
        duplicates += 1;
        const first = originals.get(key);
        if (!first) throw new Error(`event ${event.source}/${event.id} conflicted but cannot be read`);
        return { status: 'duplicate', ...first };
      });
      if (duplicates > 0)
        await client.query(
          `INSERT INTO counters (name, value) VALUES ('duplicates_refused', $1)
           ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value`,
          [duplicates],
        );
      if (decider && accepted.length > 0) await decideInline(client, accepted, decider, sealer);
      // Last in the transaction: the audit table's lock is held only for this insert and the commit.
      await appendAuditWithin(client, acceptedAuditEntries(outcomes, events));
      return outcomes;
    });
}
