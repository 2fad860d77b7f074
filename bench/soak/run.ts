// `npm run soak`: a bounded soak run on loopback. The sandbox ERP and Ledgerline run as their own processes
// (PostgreSQL: one `serve --role api` and N `worker`s on a fresh schema, dropped at the end; SQLite: one
// `serve`); approved time entries are offered at a steady rate for a few minutes; every 5 s the resident
// memory of every process is sampled, and per window the intake-to-posting latency of the events completed
// in it is read from the store. It prints a table per window, two small charts and a verdict on the steady
// state (the last half of the windows), and writes bench-results/soak-latest.json. It asserts nothing.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { formatCount, ProgressLine } from '../../src/demo/progress.ts';
import { cpuSeconds, ledgerlineNodeArgs, root, startErp } from '../children.ts';
import { benchConfig, benchFieldKey } from '../bench-config.ts';
import { benchDelivery } from '../delivery-settings.ts';
import { describeMachine, machineBusySeconds } from '../machine.ts';
import { percentile } from '../percentile.ts';
import { masterData, timeEntry } from '../workload.ts';
import {
  chart,
  latencyFigures,
  p99Series,
  verdictOf,
  windowsOf,
  type RssSample,
  type Window,
} from './analysis.ts';
import { postgresReader, sqliteReader, type CompletionReader } from './completions.ts';
import { dropSchema, storeUrl } from '../postgres.ts';
import {
  cpuSecondsOfCommand,
  rssBytes,
  startServe,
  startWorker,
  stopper,
  type SoakProcess,
} from './processes.ts';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'postgres' },
    workers: { type: 'string', default: '2' },
    rate: { type: 'string', default: '1000' },
    minutes: { type: 'string', default: '3' },
    'window-s': { type: 'string', default: '30' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    projects: { type: 'string', default: '200' },
    resources: { type: 'string', default: '500' },
    /** Ledgerline's log level (default error) and a directory to keep each process's log in. */
    'log-level': { type: 'string', default: 'error' },
    'log-dir': { type: 'string' },
    /** delivery.leaseMs for Ledgerline (default its own: 30 s). */
    'lease-ms': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`npm run soak: ${message}\n`);
  process.exit(2);
}
function positive(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, not "${value}"`);
  if (n > max) fail(`--${name} ${n} is more than ${max}: the soak run is bounded`);
  return n;
}

const storeKind = values.store === 'sqlite' ? 'sqlite' : values.store === 'postgres' ? 'postgres' : undefined;
if (storeKind === undefined) fail(`--store must be sqlite or postgres, not "${values.store}"`);
const minutes = positive('minutes', values.minutes, 30);
const rate = positive('rate', values.rate, 20_000);
const windowS = positive('window-s', values['window-s'], minutes * 60);
const requestedWorkers = Math.round(positive('workers', values.workers, 16));
const workers = storeKind === 'sqlite' ? 0 : requestedWorkers;
const projects = Math.round(positive('projects', values.projects, 10_000));
const resources = Math.round(positive('resources', values.resources, 10_000));
const postgresBase = values.postgres;
const logs = {
  level: values['log-level'],
  ...(values['log-dir'] === undefined ? {} : { dir: values['log-dir'] }),
};
if (logs.dir !== undefined) mkdirSync(logs.dir, { recursive: true });
const leaseMs =
  values['lease-ms'] === undefined
    ? undefined
    : Math.round(positive('lease-ms', values['lease-ms'], 600_000));

const sampleEveryMs = 5000;
const cores = availableParallelism();
const tickMs = 100;
const drainLimitMs = 120_000;
const loadMs = minutes * 60_000;
const progress = new ProgressLine();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface ErpReport {
  projects: number;
  billingLines: { count: number };
  costPostings: { count: number };
  duplicateSourceRefs: number;
}
async function erpReport(url: string, apiKey: string): Promise<ErpReport> {
  const response = await fetch(`${url}/admin/report`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok)
    throw new Error(`sandbox ERP report answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as ErpReport;
}
async function postEvents(url: string, body: string): Promise<number> {
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

if (storeKind === 'sqlite' && process.argv.some((a) => a.startsWith('--workers')))
  process.stderr.write(
    `SQLite: one \`ledgerline serve\` does all the work; --workers ${requestedWorkers} is ignored\n`,
  );

const dir = mkdtempSync(join(tmpdir(), 'ledgerline-soak-'));
const schema = `soak_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${randomBytes(2).toString('hex')}`;
const sqliteFile = join(dir, 'ledgerline.sqlite');
const apiKey = randomBytes(16).toString('hex');
process.env['SOAK_PSA_SECRET'] = `whsec_${randomBytes(24).toString('base64')}`;
process.env['SOAK_ERP_KEY'] = apiKey;
Object.assign(process.env, benchFieldKey('SOAK'));

const children: SoakProcess[] = [];
let reader: CompletionReader | undefined;
let sampler: NodeJS.Timeout | undefined;
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
});

try {
  process.stderr.write(`Machine: ${describeMachine()}\n`);
  const erp = await startErp(apiKey);
  children.push({ name: 'erp', process: erp.process, output: erp.output, stop: stopper(erp.process) });
  const config = benchConfig({
    store: storeKind === 'sqlite' ? { sqlite: sqliteFile } : { postgres: storeUrl(postgresBase, schema) },
    erpUrl: erp.url,
    envPrefix: 'SOAK',
    delivery: { ...benchDelivery('worker'), ...(leaseMs === undefined ? {} : { leaseMs }) },
  });
  const configFile = join(dir, 'ledgerline.yaml');
  writeFileSync(configFile, stringify(config));
  process.stderr.write(
    storeKind === 'sqlite'
      ? `Starting ledgerline serve on SQLite (${sqliteFile})\n`
      : `Starting ledgerline serve --role api and ${workers} workers on PostgreSQL schema ${schema}\n`,
  );
  const api = await startServe(configFile, storeKind === 'sqlite' ? 'all' : 'api', logs);
  children.push(api);
  for (let n = 1; n <= workers; n += 1) children.push(await startWorker(configFile, n, logs));
  const ledgerlineNames = children.filter((c) => c.name !== 'erp').map((c) => c.name);
  reader = storeKind === 'sqlite' ? sqliteReader(sqliteFile) : await postgresReader(postgresBase, schema);
  const readCompletions = reader;

  // Master data first: the time entries need their projects provisioned in the ERP.
  process.stderr.write(`Set-up: ${projects} projects and ${resources} consultants\n`);
  const setup = masterData(projects, resources);
  for (let i = 0; i < setup.length; i += 1000) {
    const status = await postEvents(api.url, JSON.stringify(setup.slice(i, i + 1000)));
    if (status !== 202) throw new Error(`intake answered ${status} to master data`);
  }
  const setupDeadline = Date.now() + 120_000;
  while ((await erpReport(erp.url, apiKey)).projects < projects) {
    if (Date.now() > setupDeadline)
      throw new Error(`the ${projects} projects were not provisioned within 120 s:\n${api.output()}`);
    await sleep(200);
  }

  // Memory every 5 s, from the moment the load starts (and one sample just before).
  const loadStart = Date.now();
  const samples: RssSample[] = [];
  const sample = () => {
    const bytes: Record<string, number> = {};
    for (const c of children) {
      const b = rssBytes(c.process.pid);
      if (b !== undefined) bytes[c.name] = b;
    }
    samples.push({ atMs: Date.now() - loadStart, bytes });
  };
  sample();
  sampler = setInterval(sample, sampleEveryMs);
  const cpuAtStart = Object.fromEntries(children.map((c) => [c.name, cpuSeconds(c.process.pid)]));
  const postgresCpuAtStart = storeKind === 'postgres' ? cpuSecondsOfCommand('postgres') : undefined;
  const busyAtStart = machineBusySeconds();
  const driverAtStart = process.cpuUsage();

  // The offered load: every 100 ms a batch of rate/10 events, on a fixed schedule (a slow answer does not
  // delay the next batch; at most 8 batches in flight, beyond which the run counts the batch as late).
  let offered = 0;
  let accepted = 0;
  let lateTicks = 0;
  let inFlight = 0;
  let intakeErrors = 0;
  const ackMs: number[] = [];
  const sends: Promise<void>[] = [];
  const send = async (from: number, count: number) => {
    const body = JSON.stringify(
      Array.from({ length: count }, (_, k) => timeEntry(from + k, projects, resources)),
    );
    const t0 = performance.now();
    inFlight += 1;
    try {
      const status = await postEvents(api.url, body);
      if (status === 202) accepted += count;
      else intakeErrors += 1;
    } catch {
      intakeErrors += 1;
    } finally {
      inFlight -= 1;
      ackMs.push(performance.now() - t0);
    }
  };

  // Windows are read from the store a little after they close (2 s, for commits stamped just before the
  // boundary) and printed as they come; the table at the end reads them all again in one query.
  const windowCount = Math.ceil(loadMs / (windowS * 1000));
  let lastWindowLine = '';
  const liveWindow = async (i: number) => {
    const from = loadStart + i * windowS * 1000;
    const to = Math.min(loadStart + loadMs, from + windowS * 1000);
    const figures = latencyFigures(await readCompletions.completed(from, to));
    const last = samples.at(-1);
    const total = ledgerlineNames.reduce((sum, n) => sum + (last?.bytes[n] ?? 0), 0);
    lastWindowLine = `p99 ${figures.p99 ?? '-'} ms, Ledgerline RSS ${Math.round(total / 2 ** 20)} MB`;
    progress.note(
      `  window ${i + 1}/${windowCount} (${Math.round((from - loadStart) / 1000)}-${Math.round((to - loadStart) / 1000)} s): ${formatCount(figures.completed)} completed, p50 ${figures.p50 ?? '-'} ms, p99 ${figures.p99 ?? '-'} ms, max ${figures.max ?? '-'} ms; RSS ${ledgerlineNames.map((n) => `${n} ${Math.round((last?.bytes[n] ?? 0) / 2 ** 20)}`).join(', ')}, erp ${Math.round((last?.bytes['erp'] ?? 0) / 2 ** 20)} MB`,
    );
  };
  const windowReads: Promise<void>[] = [];
  let windowsRead = 0;

  process.stderr.write(
    `Soak: ${rate} events/s for ${minutes} min in ${windowS} s windows (${storeKind}${storeKind === 'postgres' ? `, ${workers} workers` : ''})\n`,
  );
  const perTick = rate / (1000 / tickMs);
  let lastProgress = 0;
  let erpCount = 0;
  for (let tick = 0; ; tick += 1) {
    const due = loadStart + tick * tickMs;
    if (due >= loadStart + loadMs || interrupted) break;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    // Fractional rates spread evenly: the tick sends what the schedule owes by its end.
    const owed = Math.floor((tick + 1) * perTick) - offered;
    if (owed > 0) {
      if (inFlight >= 8) lateTicks += 1;
      else {
        sends.push(send(offered, owed));
        offered += owed;
      }
    }
    const now = Date.now();
    while (windowsRead < windowCount && now >= loadStart + (windowsRead + 1) * windowS * 1000 + 2000) {
      windowReads.push(liveWindow(windowsRead));
      windowsRead += 1;
    }
    if (now - lastProgress >= 1000) {
      lastProgress = now;
      void erpReport(erp.url, apiKey)
        .then((r) => (erpCount = r.costPostings.count))
        .catch(() => undefined);
      const elapsed = now - loadStart;
      progress.render({
        phase: 'Soak',
        done: elapsed,
        total: loadMs,
        detail: `${Math.round(elapsed / 1000)} s  offered ${formatCount(offered)}  posted ${formatCount(erpCount)}${lastWindowLine ? `  last window ${lastWindowLine}` : ''}`,
      });
    }
  }
  const loadEnd = Math.min(Date.now(), loadStart + loadMs);
  await Promise.all(sends);
  progress.finish();

  // Drain: wait (bounded) for every accepted event to be posted.
  const drainDeadline = Date.now() + drainLimitMs;
  let report = await erpReport(erp.url, apiKey);
  while (report.costPostings.count < accepted && Date.now() < drainDeadline && !interrupted) {
    progress.render({
      phase: 'Drain',
      done: report.costPostings.count,
      total: accepted,
      detail: `posted ${formatCount(report.costPostings.count)} of ${formatCount(accepted)}`,
    });
    await sleep(500);
    report = await erpReport(erp.url, apiKey);
  }
  const drainEnd = Date.now();
  progress.finish();
  await Promise.all(windowReads);
  while (windowsRead < windowCount) await liveWindow(windowsRead++);
  clearInterval(sampler);
  sampler = undefined;
  sample();
  const cpu: Record<string, number | null> = Object.fromEntries(
    children.map((c) => {
      const after = cpuSeconds(c.process.pid);
      const before = cpuAtStart[c.name];
      return [
        c.name,
        after === undefined || before === undefined ? null : Math.round((after - before) * 10) / 10,
      ];
    }),
  );

  const postgresCpuAtEnd = storeKind === 'postgres' ? cpuSecondsOfCommand('postgres') : undefined;
  if (postgresCpuAtStart !== undefined && postgresCpuAtEnd !== undefined)
    cpu['postgres'] = Math.round((postgresCpuAtEnd - postgresCpuAtStart) * 10) / 10;
  const busyAtEnd = machineBusySeconds();
  const machineBusy =
    busyAtStart === undefined || busyAtEnd === undefined
      ? null
      : Math.round((busyAtEnd - busyAtStart) * 10) / 10;
  const runSeconds = Math.round((drainEnd - loadStart) / 100) / 10;
  const driverUsage = process.cpuUsage(driverAtStart);
  cpu['soak driver'] = Math.round((driverUsage.user + driverUsage.system) / 1e5) / 10;
  // What the machine spent beyond the processes named here: other work on a shared machine (noise).
  const ownCpu = Object.values(cpu).reduce<number>((sum, s) => sum + (s ?? 0), 0);
  const otherCpu = machineBusy === null ? null : Math.max(0, Math.round((machineBusy - ownCpu) * 10) / 10);

  // Figures from the store, in one read now that everything is written.
  const completions = (await readCompletions.completed()).filter((c) => c.completedAt >= loadStart);
  const windows = windowsOf(completions, samples, {
    loadStart,
    loadEnd,
    windowS,
    drainEnd,
    ledgerline: ledgerlineNames,
  });
  const load = windows.filter((w) => w.kind === 'load');
  const steadyFrom = loadStart + (load[Math.floor(load.length / 2)]?.fromS ?? 0) * 1000;
  const steadyCompletions = completions.filter((c) => c.completedAt >= steadyFrom && c.completedAt < loadEnd);
  const verdict = verdictOf(windows, steadyCompletions, rate);
  const stepS = 5;
  const p99s = p99Series(completions, loadStart, loadEnd, stepS);
  const rssSeries = samples
    .filter((s) => s.atMs >= 0 && s.atMs <= loadEnd - loadStart)
    .map((s) => ledgerlineNames.reduce((sum, n) => sum + (s.bytes[n] ?? 0), 0) / 2 ** 20);
  const acks = ackMs.sort((a, b) => a - b);
  const overall = latencyFigures(completions);
  const lost = accepted - report.costPostings.count;

  const scenario =
    storeKind === 'sqlite'
      ? `ledgerline serve (SQLite) -> sandbox ERP, each its own process`
      : `ledgerline serve --role api + ${workers} ledgerline workers (PostgreSQL, schema ${schema}) -> sandbox ERP, each its own process`;
  const result = {
    machine: describeMachine(),
    date: new Date().toISOString(),
    scenario: `${scenario}; TimeApproved events offered at ${rate}/s (a batch every ${tickMs} ms) for ${minutes} min to POST /v1/events, 2 ERP postings each; ${projects} projects, ${resources} consultants; ledgerline node flags: ${ledgerlineNodeArgs.join(' ') || 'none'}`,
    options: { store: storeKind, workers, rate, minutes, windowS },
    offered,
    accepted,
    intakeErrors,
    lateTicks,
    intakeAckMs: {
      p50: Math.round(percentile(acks, 50)),
      p99: Math.round(percentile(acks, 99)),
      max: Math.round(acks.at(-1) ?? 0),
    },
    completed: overall.completed,
    latencyMs: { p50: overall.p50, p99: overall.p99, max: overall.max },
    drainSeconds: Math.round((drainEnd - loadEnd) / 100) / 10,
    drained: lost <= 0,
    erp: {
      costPostings: report.costPostings.count,
      billingLines: report.billingLines.count,
      duplicateSourceRefs: report.duplicateSourceRefs,
    },
    cpuSeconds: cpu,
    machineBusySeconds: machineBusy,
    otherCpuSeconds: otherCpu,
    runSeconds,
    windows,
    verdict,
    rssSamples: samples.map((s) => ({
      atS: Math.round(s.atMs / 100) / 10,
      mb: Object.fromEntries(Object.entries(s.bytes).map(([k, v]) => [k, Math.round(v / 2 ** 17) / 8])),
    })),
  };

  const processNames = [...ledgerlineNames, 'erp'];
  const header = [
    'window s'.padEnd(17),
    'completed'.padStart(9),
    'ev/s'.padStart(6),
    'p50 ms'.padStart(7),
    'p99 ms'.padStart(7),
    'max ms'.padStart(7),
    ...processNames.map((n) => `${n} MB`.padStart(Math.max(8, n.length + 4))),
  ];
  const row = (w: Window) =>
    [
      `${w.kind === 'drain' ? 'drain ' : ''}${w.fromS}-${w.toS}`.padEnd(17),
      formatCount(w.completed).padStart(9),
      String(w.eventsPerSecond).padStart(6),
      String(w.p50 ?? '-').padStart(7),
      String(w.p99 ?? '-').padStart(7),
      String(w.max ?? '-').padStart(7),
      ...processNames.map((n) =>
        String(w.rssMb[n] !== undefined ? Math.round(w.rssMb[n]) : '-').padStart(Math.max(8, n.length + 4)),
      ),
    ].join(' ');
  const lines = [
    '',
    `Ledgerline soak run, ${result.date}`,
    `  machine     ${result.machine}`,
    `  scenario    ${result.scenario}`,
    `  offered     ${formatCount(offered)} events, ${formatCount(accepted)} accepted (${intakeErrors} intake errors, ${lateTicks} batches held back with 8 in flight); intake answered p50 ${result.intakeAckMs.p50} ms, p99 ${result.intakeAckMs.p99} ms, max ${result.intakeAckMs.max} ms`,
    `  posted      ${formatCount(report.costPostings.count)} cost postings, ${formatCount(report.billingLines.count)} billable lines, ${report.duplicateSourceRefs} sources posted twice; ${lost <= 0 ? `drained ${result.drainSeconds} s after the load stopped` : `${formatCount(lost)} NOT posted ${result.drainSeconds} s after the load stopped`}`,
    `  latency     intake -> confirmed posting over the whole run: p50 ${overall.p50 ?? '-'} ms, p99 ${overall.p99 ?? '-'} ms, max ${overall.max ?? '-'} ms`,
    `  CPU         ${Object.entries(cpu)
      .map(([n, s]) => `${n} ${s ?? '-'} s`)
      .join(
        ', ',
      )} (user + system over the load and drain); the machine was busy ${machineBusy ?? '-'} of ${Math.round(runSeconds * cores)} core-seconds, ${otherCpu ?? '-'} of them on other work${storeKind === 'postgres' ? ' (postgres: every backend of the server, whoever its client)' : ''}`,
    '',
    `  ${header.join(' ')}`,
    ...windows.map((w) => `  ${row(w)}`),
    '  (RSS: the last 5-s sample in the window)',
    '',
    chart(`p99 intake -> posting latency per ${stepS} s`, p99s, { unit: 'ms', stepS }),
    chart(`Ledgerline RSS, all its processes together, every ${sampleEveryMs / 1000} s`, rssSeries, {
      unit: 'MB',
      stepS: sampleEveryMs / 1000,
    }),
    `Verdict: ${verdict.summary}.`,
    `  steady state overall: p50 ${verdict.latency.steadyP50 ?? '-'} ms, p99 ${verdict.latency.steadyP99 ?? '-'} ms, max ${verdict.latency.steadyMax ?? '-'} ms; worst window p99 ${verdict.latency.worstP99 ?? '-'} ms (issue 6 asks p99 <= ${storeKind === 'sqlite' ? 25 : 50} ms at 1,000 events/s on ${storeKind === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`,
    `Machine: ${result.machine}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'soak-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write('wrote bench-results/soak-latest.json\n');
} catch (error) {
  progress.finish();
  process.stderr.write(`soak run failed: ${error instanceof Error ? error.message : String(error)}\n`);
  for (const c of children)
    process.stderr.write(`--- ${c.name} (last of its log) ---\n${c.output().slice(-2000)}\n`);
  process.exitCode = 1;
} finally {
  if (sampler) clearInterval(sampler);
  await reader?.close();
  // Workers first, then the API, then the ERP they post to.
  for (const c of [...children].reverse()) await c.stop();
  if (storeKind === 'postgres') {
    try {
      await dropSchema(postgresBase, schema);
    } catch (error) {
      process.stderr.write(
        `could not drop schema ${schema}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
