// PostgreSQL for the benchmarks: every run works in schemas of its own (`bench_<time>_<pid>` for Ledgerline's
// store, `<that>_floor` for the raw-store floor) in the database of `--postgres-url`, dropped afterwards.
import pg from 'pg';

/** A fresh schema name for this run: lower case, so it needs no quoting anywhere. */
export function runSchemaName(): string {
  return `bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
}

/** Ledgerline's store setting for a schema of the database at `url`. */
export function storeUrl(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/** A connection whose unqualified names resolve in `schema` (created if `create`). */
export async function connect(url: string, schema: string, create = false): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'ledgerline-bench' });
  await client.connect();
  try {
    const name = pg.escapeIdentifier(schema);
    if (create) await client.query(`CREATE SCHEMA ${name}`);
    await client.query(`SET search_path TO ${name}`);
  } catch (error) {
    await client.end();
    throw error;
  }
  return client;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'ledgerline-bench' });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The server and the settings that set what a commit costs, for the report. */
export async function describePostgres(client: pg.Client): Promise<string> {
  const setting = async (name: string) =>
    (await client.query<{ setting: string }>('SELECT current_setting($1) AS setting', [name])).rows[0]
      ?.setting ?? '?';
  const version = (await setting('server_version')).split(' ')[0] ?? '?';
  return `PostgreSQL ${version} (fsync ${await setting('fsync')}, synchronous_commit ${await setting('synchronous_commit')}, shared_buffers ${await setting('shared_buffers')})`;
}
