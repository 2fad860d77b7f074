// The PostgreSQL server tests run against (the one .ci/run and the machine start: 127.0.0.1:5432, trust
// auth, database `test`), and a fresh schema per test so tests never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redact } from '../../src/store/postgres/database.ts';
import { skipUnlessUp } from './real-system.ts';

export const postgresBase =
  process.env['LEDGERLINE_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function answersSql(): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresBase, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `false` when PostgreSQL answers; otherwise the skip reason (and under CI, a failure). */
export function skipUnlessPostgres(): Promise<false | string> {
  return skipUnlessUp({
    name: 'PostgreSQL',
    where: redact(postgresBase),
    howToStart: 'the machine service (or set LEDGERLINE_TEST_POSTGRES to a server of yours)',
    isUp: answersSql,
  });
}

export interface TestSchema {
  /** A store URL naming the schema (`?schema=`). */
  readonly url: string;
  readonly schema: string;
  /** Runs SQL as a superuser in the schema (to look behind the store, or to break things on purpose). */
  sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** A new, empty schema; the store creates its tables in it on open. */
export function freshSchema(prefix = 't'): TestSchema {
  const schema = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const separator = postgresBase.includes('?') ? '&' : '?';
  const run = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: postgresBase, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    url: `${postgresBase}${separator}schema=${schema}`,
    schema,
    sql: run,
    drop: async () => {
      // Dropping a schema locks every object in it; under a loaded server (other files' schemas being
      // created and dropped at the same time) that can meet a deadlock or a lock timeout, which a second
      // try gets past. The last failure is thrown with the schema named.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          return;
        } catch (error) {
          if (attempt >= 5)
            throw new Error(`could not drop test schema ${schema} after ${attempt} tries`, { cause: error });
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    },
  };
}
