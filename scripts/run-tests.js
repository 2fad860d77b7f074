#!/usr/bin/env node
// Finds every *.test.ts under test/ and src/ (or, with --e2e, every *.e2e.ts: the end-to-end suites
// against real servers) and runs them with node's test runner through tsx. Node 20's runner does not
// expand globs itself, so the list is built here. Other arguments filter by path.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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
const result = spawnSync(
  process.execPath,
  // End-to-end suites share the real servers (and restart them), so they run one at a time.
  ['--import', 'tsx', '--test', `--test-concurrency=${e2e ? 1 : 2}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
