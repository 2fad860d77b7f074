#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ (the production form, see docs/adr/0006) and copies the SQL
// migrations (SQLite's and PostgreSQL's) beside the compiled stores.
import { cpSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync('src/store/sqlite/migrations', 'dist/store/sqlite/migrations', { recursive: true });
cpSync('src/store/postgres/migrations', 'dist/store/postgres/migrations', { recursive: true });
process.stdout.write('built dist/\n');
