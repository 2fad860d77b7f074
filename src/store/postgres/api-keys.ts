// Machine API keys on PostgreSQL (issue 8).
import type pg from 'pg';
import {
  apiKeyColumns,
  toApiKey,
  type ApiKeyRecord,
  type ApiKeyRow,
  type NewApiKey,
} from '../api-key-port.ts';

export function createApiKeys(pool: pg.Pool) {
  return {
    async create(key: NewApiKey): Promise<ApiKeyRecord> {
      const { rows } = await pool.query<ApiKeyRow>(
        `INSERT INTO api_keys (id, name, roles, created_at, created_by, secret_hash)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${apiKeyColumns}`,
        [key.id, key.name, JSON.stringify(key.roles), key.createdAt, key.createdBy, key.secretHash],
      );
      const row = rows[0];
      if (row === undefined) throw new Error(`API key ${key.id} was not inserted`);
      return toApiKey(row).key;
    },
    async find(id: string) {
      const { rows } = await pool.query<ApiKeyRow>(`SELECT ${apiKeyColumns} FROM api_keys WHERE id = $1`, [
        id,
      ]);
      const row = rows[0];
      return row === undefined ? undefined : toApiKey(row);
    },
    async list(): Promise<ApiKeyRecord[]> {
      const { rows } = await pool.query<ApiKeyRow>(
        `SELECT ${apiKeyColumns} FROM api_keys ORDER BY created_at, id`,
      );
      return rows.map((row) => toApiKey(row).key);
    },
    async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
      const { rows } = await pool.query<ApiKeyRow>(
        `UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING ${apiKeyColumns}`,
        [at, id],
      );
      const row = rows[0];
      return row === undefined ? undefined : toApiKey(row).key;
    },
    async touch(id: string, at: string): Promise<void> {
      await pool.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
    },
  };
}
