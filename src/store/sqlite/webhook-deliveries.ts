// Signed webhook deliveries already taken (issue 8, ADR 23): an exact replay is refused while its
// timestamp is still within tolerance; after that the signature check refuses it and the row goes.
import type { WebhookDelivery } from '../port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';

export function createWebhookDeliveries(db: SqliteDatabase) {
  const seen = db.prepare<[string, string, number, number], { one: number }>(
    'SELECT 1 AS one FROM webhook_deliveries WHERE system = ? AND webhook_id = ? AND signed_at = ? AND expires_at >= ?',
  );
  const prune = db.prepare<[number]>('DELETE FROM webhook_deliveries WHERE expires_at < ?');
  const remember = db.prepare<[string, string, number, number, number]>(
    `INSERT INTO webhook_deliveries (system, webhook_id, signed_at, received_at, expires_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (system, webhook_id, signed_at) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)`,
  );
  return {
    seen: (d: WebhookDelivery, now: number): boolean =>
      seen.get(d.system, d.id, d.timestamp, now) !== undefined,
    remember: writeTransaction(db, (d: WebhookDelivery, now: number, expiresAt: number): void => {
      prune.run(now);
      remember.run(d.system, d.id, d.timestamp, now, expiresAt);
    }),
  };
}
