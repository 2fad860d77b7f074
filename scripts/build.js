#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ (the production form, see docs/adr/0006) and copies the SQL
// migrations beside the compiled stores (SQLite and PostgreSQL), then builds the console into dist/web.
import { cpSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildWeb } from './build-web.js';

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
// The console (web/ -> dist/web), served at / by `ledgerline serve` and `demo`.
const web = buildWeb();
if (web !== 0) process.exit(web);
process.stdout.write('built dist/ and dist/web/\n');
