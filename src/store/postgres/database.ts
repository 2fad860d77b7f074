// A pool of connections to one PostgreSQL schema, numbered migrations applied once however many processes
// start together, and transactions that are retried when PostgreSQL aborts them to break a deadlock.
import pg from 'pg';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface PostgresLocation {
  /** The connection string without Ledgerline's own `schema` parameter. */
  readonly connectionString: string;
  readonly schema: string;
}

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const defaultSchema = 'ledgerline';
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reads `postgres://user@host:port/db?schema=name`: the schema (default `ledgerline`) is Ledgerline's, the
 * rest goes to node-postgres as it is.
 */
export function parsePostgresUrl(url: string): PostgresLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the PostgreSQL store URL is not a URL: ${redact(url)}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new Error(`the PostgreSQL store URL must start with postgres:// (got ${parsed.protocol}//)`);
  const schema = parsed.searchParams.get('schema') ?? defaultSchema;
  if (!schemaPattern.test(schema))
    throw new Error(
      `the PostgreSQL schema "${schema}" is not a plain lower-case identifier (letters, digits, _; 63 at most)`,
    );
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

/** The URL with any password replaced, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

// BIGINT (seqs, epoch milliseconds, counts) as numbers: every value Ledgerline stores stays below 2^53.
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export async function openPool(location: PostgresLocation, max: number): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max,
    types,
    options: `-c search_path=${location.schema}`,
    // A connection that went quiet is dropped rather than left to fail the next query.
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  // An idle connection cut by the server (a restart, pg_terminate_backend) is reported here; the pool
  // replaces it on the next checkout, so there is nothing to do but not crash.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, location.schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** Applies numbered migrations not yet recorded, under an advisory lock so starting processes take turns. */
async function migrate(pool: pg.Pool, schema: string): Promise<string[]> {
  const client = await pool.connect();
  const ran: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`ledgerline.migrate.${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
          (r) => r.version,
        ),
      );
      const files = readdirSync(migrationsDir)
        .filter((f) => /^\d{4}_.+\.sql$/.test(f))
        .sort();
      for (const file of files) {
        const version = Number(file.slice(0, 4));
        if (applied.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(readFileSync(join(migrationsDir, file), 'utf8'));
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [version, file, new Date().toISOString()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        ran.push(file);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`ledgerline.migrate.${schema}`]);
    }
  } finally {
    client.release();
  }
  return ran;
}

// deadlock_detected and serialization_failure: PostgreSQL undid the transaction; running it again is safe.
const retryable = new Set(['40P01', '40001']);
const maxAttempts = 5;

/**
 * Runs `fn` in one transaction on one connection. A transaction PostgreSQL aborted to break a deadlock is
 * run again from the start (so `fn` must not have effects outside the transaction it cannot repeat).
 */
export async function transaction<R>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself is gone: do not return it to the pool
      }
      const code = (error as { code?: unknown }).code;
      if (attempt < maxAttempts && typeof code === 'string' && retryable.has(code)) continue;
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
