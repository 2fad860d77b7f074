// A read-only look into a running service's SQLite store, for what its HTTP API cannot be asked: which
// events are about an object (a source's event ids are its own, e.g. Redmine's carry a hash of the
// record), and the commands an event sent. A test then asks the API about those ids.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { TargetCommand } from '../../src/connectors/kit/commands.ts';
import { defaultSqliteKeyring, keyFileOf } from '../../src/security/field-protection/field-keys.ts';
import { openOpaqueText } from '../../src/security/field-protection/field-sealer.ts';

export interface PeekedEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
}

function peek<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every event about `subject`, oldest first. */
export function eventsAbout(file: string, subject: string): PeekedEvent[] {
  return peek(file, (db) =>
    db
      .prepare<[string], PeekedEvent>(
        'SELECT event_id AS id, source, type FROM events WHERE subject = ? ORDER BY seq',
      )
      .all(subject),
  );
}

/** The commands the events about `subject` sent to `target`, in the order they were written. The store
 * seals an outbox row whole (issue 8), so it is opened with the key file beside the database. */
export function commandsAbout(file: string, subject: string, target: string): TargetCommand[] {
  const keyring = existsSync(keyFileOf(file)) ? defaultSqliteKeyring(file) : undefined;
  return peek(file, (db) =>
    db
      .prepare<[string, string], { payload: string }>(
        `SELECT d.payload FROM deliveries d JOIN events e ON e.seq = d.event_seq
         WHERE e.subject = ? AND d.target = ? ORDER BY d.seq`,
      )
      .all(subject, target)
      .flatMap((row) => JSON.parse(openOpaqueText(row.payload, keyring)) as TargetCommand[]),
  );
}
