// Intake: insert new events, recognise duplicates by (source, id), all in one transaction per batch.
import type { IngestOutcome, NewEvent } from '../port.ts';
import type { EventState } from '../port.ts';
import type { SqliteDatabase } from './database.ts';

export function createIngest(db: SqliteDatabase) {
  const insert = db.prepare<[string, string, string, string, string, number], { seq: number }>(
    `INSERT INTO events (source, event_id, type, subject, envelope, state, received_at)
     VALUES (?, ?, ?, ?, ?, 'accepted', ?) ON CONFLICT (source, event_id) DO NOTHING RETURNING seq`,
  );
  const original = db.prepare<[string, string], { seq: number; state: EventState; received_at: number }>(
    'SELECT seq, state, received_at FROM events WHERE source = ? AND event_id = ?',
  );
  const count = db.prepare<[string, number]>(
    'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value',
  );

  return db.transaction((events: readonly NewEvent[]): IngestOutcome[] => {
    let duplicates = 0;
    const outcomes = events.map(({ event, receivedAt }): IngestOutcome => {
      const row = insert.get(
        event.source,
        event.id,
        event.type,
        event.subject,
        JSON.stringify(event),
        receivedAt,
      );
      if (row) return { status: 'accepted', seq: row.seq };
      duplicates += 1;
      const first = original.get(event.source, event.id);
      if (!first) throw new Error(`event ${event.source}/${event.id} conflicted but cannot be read`);
      return { status: 'duplicate', seq: first.seq, state: first.state, receivedAt: first.received_at };
    });
    if (duplicates > 0) count.run('duplicates_refused', duplicates);
    return outcomes;
  });
}
