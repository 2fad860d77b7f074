// `npm run bench:reconcile [-- --entries N --format csv|jsonl --from-source --keep]`: generates a month of
// records per side (1,000,000 by default) with a known number of differences of every class, runs the real
// CLI on the two files (`ledgerline reconcile --period 2026-10 --source ... --target ... --format json`,
// the compiled build unless --from-source), checks it found exactly the seeded differences, and prints
// elapsed time, records/s and peak RSS with the machine. It asserts no timing.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  closeSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatCount } from '../../src/demo/progress.ts';
import { differenceClasses } from '../../src/reconcile/report.ts';
import { root } from '../children.ts';
import { describeMachine } from '../machine.ts';
import { benchPeriod, generateSides } from './generate.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    format: { type: 'string', default: 'csv' },
    'from-source': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const entries = Number(values.entries);
const format = values.format === 'jsonl' ? 'jsonl' : 'csv';
const fromSource = values['from-source'];

const dir = mkdtempSync(join(tmpdir(), 'ledgerline-bench-reconcile-'));
const sourceFile = join(dir, `psa.${format}`);
const targetFile = join(dir, `erp.${format}`);
const reportFile = join(dir, 'report.json');
const timeFile = join(dir, 'time.txt');

interface Measured {
  readonly code: number | null;
  readonly seconds: number;
  /** From /usr/bin/time (the child's own maximum resident set), else polled from /proc. */
  readonly peakRssBytes: number | undefined;
  readonly cpuSeconds: number | undefined;
}

function run(): Promise<Measured> {
  const cli = fromSource
    ? ['--import', 'tsx', join(root, 'src/cli/main.ts')]
    : [join(root, 'dist/cli/main.js')];
  if (!fromSource && !existsSync(cli[0] ?? ''))
    throw new Error('dist/ is missing: run "npm run build" (npm run bench:reconcile does)');
  const args = [
    ...cli,
    'reconcile',
    '--period',
    benchPeriod,
    '--source',
    sourceFile,
    '--target',
    targetFile,
    '--format',
    'json',
  ];
  const timed = existsSync('/usr/bin/time');
  const command = timed ? '/usr/bin/time' : process.execPath;
  const commandArgs = timed ? ['-f', '%e %M %U %S', '-o', timeFile, process.execPath, ...args] : args;
  const out = openSync(reportFile, 'w');
  const started = performance.now();
  const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', out, 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      closeSync(out);
      const seconds = (performance.now() - started) / 1000;
      if (!timed) return resolve({ code, seconds, peakRssBytes: undefined, cpuSeconds: undefined });
      const [, kb, user, system] =
        readFileSync(timeFile, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) ?? [];
      resolve({
        code,
        seconds,
        peakRssBytes: kb === undefined ? undefined : kb * 1024,
        cpuSeconds: user === undefined || system === undefined ? undefined : user + system,
      });
    });
  });
}

try {
  process.stderr.write(`generating ${formatCount(entries)} source records and their target in ${dir}\n`);
  const generated = generateSides({ entries, sourceFile, targetFile, format });
  const bytes = statSync(sourceFile).size + statSync(targetFile).size;
  // What else ran: a shared machine's load slows a run (two cores, two threads).
  const loadBefore = loadavg()[0] ?? 0;
  const measured = await run();
  const loadAfter = loadavg()[0] ?? 0;
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    read: { source: number; target: number };
    keys: number;
    counts: Record<string, number>;
  };
  const found = differenceClasses.map((c) => [c, report.counts[c], generated.seeded[c]] as const);
  const exact = found.every(([, got, seeded]) => got === seeded);
  const records = report.read.source + report.read.target;
  const lines = [
    `machine: ${describeMachine()}`,
    `run: ledgerline reconcile (${fromSource ? 'from source, tsx' : 'compiled, dist/'}) on ${format.toUpperCase()} files of ${formatCount(generated.sourceRecords)} + ${formatCount(generated.targetRecords)} records (${(bytes / 2 ** 20).toFixed(0)} MB), ${formatCount(report.keys)} references`,
    `elapsed: ${measured.seconds.toFixed(1)} s, ${formatCount(Math.round(records / measured.seconds))} records/s` +
      (measured.cpuSeconds === undefined ? '' : `, CPU ${measured.cpuSeconds.toFixed(1)} s`),
    `peak RSS: ${measured.peakRssBytes === undefined ? 'unknown (no /usr/bin/time)' : `${(measured.peakRssBytes / 2 ** 20).toFixed(0)} MB`}`,
    `machine load (1-minute average) before / after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)}`,
    `exit code: ${measured.code} (1: differences found)`,
    `differences found / seeded: ${found.map(([c, got, seeded]) => `${c} ${got}/${seeded}`).join(', ')}`,
    `check: ${exact && measured.code === 1 ? 'found exactly the seeded differences' : 'FAILED: the differences found are not the seeded ones'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(
    join(root, 'bench-results', 'reconcile-latest.json'),
    `${JSON.stringify({ machine: describeMachine(), entries, format, fromSource, bytes, records, ...measured, seeded: generated.seeded, counts: report.counts, loadBefore, loadAfter }, null, 2)}\n`,
  );
  if (!exact || measured.code !== 1) process.exitCode = 1;
} finally {
  if (values.keep) process.stderr.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
