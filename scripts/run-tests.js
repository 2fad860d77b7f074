#!/usr/bin/env node
// Finds every *.test.ts under test/ and src/ (or, with --e2e, every *.e2e.ts: the end-to-end suites
// against real servers) and runs them with node's test runner through tsx, then runs the pipeline suite a
// second time on PostgreSQL. Node 20's runner does not expand globs itself, so the list is built here.
// Other arguments filter by path.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildWeb } from './build-web.js';

const args = process.argv.slice(2);
const e2e = args.includes('--e2e');
const suffix = e2e ? '.e2e.ts' : '.test.ts';

function find(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}

const filter = args.filter((a) => a !== '--e2e');
const files = find('test', find('src', [])).filter(
  (f) => filter.length === 0 || filter.some((s) => f.includes(s)),
);
files.sort();
if (files.length === 0) {
  // node --test with no files would run its own default selection instead.
  console.error(`no ${suffix} files found${filter.length > 0 ? ` matching ${filter.join(', ')}` : ''}`);
  process.exit(1);
}
// The console's browser tests drive the built console: build it first (a fresh clone has none).
if (files.some((f) => f.startsWith(join('test', 'console')))) {
  if (buildWeb(['--logLevel', 'warn']) !== 0) {
    console.error('# the console did not build (npm run build:web); its browser tests cannot run');
    process.exit(1);
  }
}
function run(list, env = {}) {
  return spawnSync(
    process.execPath,
    // End-to-end suites share the real servers (and restart them), so they run one at a time.
    ['--import', 'tsx', '--test', `--test-concurrency=${e2e ? 1 : 2}`, '--test-reporter=spec', ...list],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  ).status;
}

const first = run(files);
if (e2e) process.exit(first ?? 1);

// The pipeline suite again on PostgreSQL: every file that starts a whole Ledgerline (the harness) runs a
// second time with the harness on a PostgreSQL schema of its own.
const onBoth = files.filter((f) => /\b(useHarness|startHarness)\(/.test(readFileSync(f, 'utf8')));
let second = 0;
if (onBoth.length > 0) {
  const reason = await postgresMissing();
  if (reason === undefined) {
    console.log(
      `\n# the pipeline suite on PostgreSQL: ${onBoth.length} files again with LEDGERLINE_TEST_STORE=postgres`,
    );
    second = run(onBoth, { LEDGERLINE_TEST_STORE: 'postgres' }) ?? 1;
  } else if (process.env.CI === 'true') {
    console.error(
      `# PostgreSQL is needed for the pipeline suite's second pass: ${reason}; under CI this is a failure`,
    );
    second = 1;
  } else {
    console.log(`# skipped: the pipeline suite on PostgreSQL (${onBoth.length} files): ${reason}`);
  }
}
process.exit((first ?? 1) !== 0 ? (first ?? 1) : second);

/** Why PostgreSQL cannot be used (undefined when it answers). */
async function postgresMissing() {
  const url = process.env.LEDGERLINE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL is not reachable at ${url.replace(/:[^:@/]*@/, ':***@')} (${error.message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
