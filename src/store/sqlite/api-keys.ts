// Machine API keys on SQLite (issue 8).
import {
  apiKeyColumns,
  toApiKey,
  type ApiKeyRecord,
  type ApiKeyRow,
  type NewApiKey,
} from '../api-key-port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';

export function createApiKeys(db: SqliteDatabase) {
  const insert = db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO api_keys (id, name, roles, created_at, created_by, secret_hash) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const one = db.prepare<[string], ApiKeyRow>(`SELECT ${apiKeyColumns} FROM api_keys WHERE id = ?`);
  const all = db.prepare<[], ApiKeyRow>(`SELECT ${apiKeyColumns} FROM api_keys ORDER BY created_at, id`);
  const revoke = db.prepare<[string, string], ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING ${apiKeyColumns}`,
  );
  const touch = db.prepare<[string, string]>('UPDATE api_keys SET last_used_at = ? WHERE id = ?');

  return {
    // Writes go through writeTransaction: it takes turns with the delivery thread's writes.
    create: writeTransaction(db, (key: NewApiKey): ApiKeyRecord => {
      insert.run(key.id, key.name, JSON.stringify(key.roles), key.createdAt, key.createdBy, key.secretHash);
      const row = one.get(key.id);
      if (row === undefined) throw new Error(`API key ${key.id} vanished after insert`);
      return toApiKey(row).key;
    }),
    find: (id: string) => {
      const row = one.get(id);
      return row === undefined ? undefined : toApiKey(row);
    },
    list: () => all.all().map((row) => toApiKey(row).key),
    revoke: writeTransaction(db, (id: string, at: string): ApiKeyRecord | undefined => {
      const row = revoke.get(at, id);
      return row === undefined ? undefined : toApiKey(row).key;
    }),
    touch: writeTransaction(db, (id: string, at: string): void => {
      touch.run(at, id);
    }),
  };
}
