#!/usr/bin/env node
// `npm run build:web`: builds the console (web/, Vite + Preact) into dist/web, which `ledgerline serve`
// and `ledgerline demo` serve at /. npm start, npm run build and the browser tests run it first.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Answers the exit status of `vite build`. */
export function buildWeb(extraArgs = []) {
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), ...extraArgs],
    { stdio: 'inherit', cwd: root },
  );
  return result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildWeb(process.argv.slice(2)));
