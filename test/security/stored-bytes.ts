// Everything a store holds, as the bytes an attacker with the database (not the keys) would see: the
// SQLite file and its write-ahead log, or every row of the PostgreSQL schema's tables as text.
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { StoreConfig } from '../../src/config/schema.ts';
import { parsePostgresUrl } from '../../src/store/postgres/database.ts';

export async function storedBytes(store: StoreConfig): Promise<string> {
  if ('sqlite' in store) {
    const parts = [store.sqlite, `${store.sqlite}-wal`].filter((f) => existsSync(f));
    return Buffer.concat(parts.map((f) => readFileSync(f))).toString('latin1');
  }
  const { connectionString, schema } = parsePostgresUrl(store.postgres);
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    const texts: string[] = [];
    for (const { table_name } of tables.rows) {
      const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
      texts.push(...rows.map((r) => r.row));
    }
    return texts.join('\n');
  } finally {
    await client.end();
  }
}
