// Signed webhook deliveries already taken (issue 8, ADR 23): an exact replay is refused while its
// timestamp is still within tolerance, by whichever API node it reaches; after that the signature check
// refuses it and the row goes.
import type pg from 'pg';
import type { WebhookDelivery } from '../port.ts';

export function createWebhookDeliveries(pool: pg.Pool) {
  return {
    async seen(d: WebhookDelivery, now: number): Promise<boolean> {
      const { rowCount } = await pool.query(
        'SELECT 1 FROM webhook_deliveries WHERE system = $1 AND webhook_id = $2 AND signed_at = $3 AND expires_at >= $4',
        [d.system, d.id, d.timestamp, now],
      );
      return (rowCount ?? 0) > 0;
    },
    async remember(d: WebhookDelivery, now: number, expiresAt: number): Promise<void> {
      // Two statements, no transaction: a prune that loses a race with another node's prune is harmless.
      await pool.query('DELETE FROM webhook_deliveries WHERE expires_at < $1', [now]);
      await pool.query(
        `INSERT INTO webhook_deliveries (system, webhook_id, signed_at, received_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (system, webhook_id, signed_at)
         DO UPDATE SET expires_at = GREATEST(webhook_deliveries.expires_at, excluded.expires_at)`,
        [d.system, d.id, d.timestamp, now, expiresAt],
      );
    },
  };
}
