// `npm run bench` (workload `time`, the default): approved time entries from HTTP intake to confirmed ERP
// posting, end to end, with Ledgerline and the sandbox ERP each in their own processes.
//
// `--store sqlite` (the default): one `ledgerline serve` on a SQLite file. `--store postgres --workers N`:
// one `ledgerline serve --role api` (HTTP and intake) and N `ledgerline worker` processes sharing a fresh
// PostgreSQL schema. Before the end-to-end run it measures the raw-store floor on the same engine
// (bench/floor/) and reports Ledgerline's throughput as a share of it.
//
// It prints throughput, intake-to-posting latency, CPU and peak memory per process, the exactly-once and
// per-project order checks, with the machine. It asserts no timing; a run that loses, doubles or reorders
// anything exits 1.
import { benchDelivery } from './delivery-settings.ts';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { formatCount, ProgressLine } from '../src/demo/progress.ts';
import {
  cpuSeconds,
  ledgerlineNodeArgs,
  peakRssBytes,
  root,
  startErp,
  startLedgerline,
  startWorker,
  type Child,
} from './children.ts';
import { measureFloor, type FloorResult } from './floor/floor.ts';
import { describeMachine, machineBusySeconds } from './machine.ts';
import { orExit, timeOptions } from './options.ts';
import { checkOrder, type OrderCheck } from './order-check.ts';
import { percentile } from './percentile.ts';
import { connect, runSchemaName } from './postgres.ts';
import { postgresCpuSeconds, postmasterPid } from './postgres-cpu.ts';
import { postgresRunStore, sqliteRunStore } from './run-store.ts';
import { benchConfig, benchFieldKey } from './bench-config.ts';
import { formatTimeResult, type ProcessFigures, type TimeResult } from './time-report.ts';
import { masterData, timeEntry } from './workload.ts';
import { roundSeconds } from './round-seconds.ts';

const options = orExit(() => timeOptions());
const { events, batch, rate, projects, resources } = options;
/** How long the run may go without a new posting before it gives up and reports what it has. */
const stallSeconds = 60;
const timeApproved = 'io.ledgerline.time.approved.v1';

interface ErpReport {
  projects: number;
  billingLines: { count: number };
  costPostings: { count: number };
  duplicateSourceRefs: number;
  replays: number;
}

interface BookedCounts {
  billingLines: number;
  costPostings: number;
}

async function postJson(url: string, body: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function erpReport(url: string, apiKey: string): Promise<ErpReport> {
  const response = await fetch(`${url}/admin/report`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok)
    throw new Error(`sandbox ERP report answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as ErpReport;
}

/** Progress polls ask for the counts alone: the full report sums every amount in the book, and at 200,000
 * postings that costs the ERP process (on the same two cores as Ledgerline) tens of ms each time. */
async function erpCounts(url: string, apiKey: string): Promise<BookedCounts> {
  const response = await fetch(`${url}/admin/counts`, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok)
    throw new Error(`sandbox ERP counts answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as BookedCounts;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number | undefined) => (bytes === undefined ? null : Math.round(bytes / 2 ** 20));

const dir = mkdtempSync(join(tmpdir(), 'ledgerline-bench-'));
const apiKey = randomBytes(16).toString('hex');
const progress = new ProgressLine();
const schema = runSchemaName();
const store =
  options.store === 'sqlite'
    ? sqliteRunStore(dir)
    : postgresRunStore(options.postgresUrl, schema, options.keep);
/** Ledgerline's processes, named as the report names them. */
const ledgerline: { name: string; child: Child }[] = [];
let erp: (Child & { url: string }) | undefined;

async function stopLedgerline(): Promise<void> {
  // Workers first: the API process has nothing in flight once intake has answered.
  for (const { child } of [...ledgerline].reverse()) await child.stop();
}

try {
  process.stderr.write(`Machine: ${describeMachine()}\n`);
  let floor: FloorResult | null = null;
  if (options.floorEvents > 0) {
    process.stderr.write(
      `Raw-store floor: ${formatCount(options.floorEvents)} events on ${options.store}${options.store === 'postgres' ? `, ${options.workers} claiming connection(s)` : ''}\n`,
    );
    floor = await measureFloor(
      {
        store: options.store,
        events: options.floorEvents,
        workers: options.workers,
        postgresUrl: options.postgresUrl,
        schema: `${schema}_floor`,
        keep: options.keep,
      },
      progress,
    );
    process.stderr.write(`Raw-store floor: ${formatCount(floor.eventsPerSecond)} events/s\n`);
  }

  erp = await startErp(apiKey);
  // The store setting is Ledgerline's own shape; the rest of the configuration is typed by its schema.
  const config = benchConfig({
    store: store.setting,
    erpUrl: erp.url,
    envPrefix: 'BENCH',
    delivery: benchDelivery(options.deliveryThread, options.deliverers),
  });
  const configFile = join(dir, 'ledgerline.yaml');
  writeFileSync(configFile, stringify(config));
  const env = {
    BENCH_PSA_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    BENCH_ERP_KEY: apiKey,
    ...benchFieldKey('BENCH'),
  };
  // The API process creates the schema (migrations) before any worker starts on it.
  const api = await startLedgerline(configFile, env, options.store === 'postgres' ? 'api' : 'all');
  ledgerline.push({ name: options.store === 'postgres' ? 'api' : 'serve', child: api });
  if (options.store === 'postgres') {
    const workers = await Promise.all(
      Array.from({ length: options.workers }, (_, i) => startWorker(configFile, env, `worker-${i + 1}`)),
    );
    workers.forEach((child, i) => ledgerline.push({ name: `worker-${i + 1}`, child }));
  }

  process.stderr.write(`Set-up: ${projects} projects and ${resources} consultants\n`);
  const setup = masterData(projects, resources);
  for (let i = 0; i < setup.length; i += 1000)
    await postJson(`${api.url}/v1/events`, JSON.stringify(setup.slice(i, i + 1000)));
  const setupDeadline = Date.now() + 60_000;
  while ((await erpReport(erp.url, apiKey)).projects < projects) {
    if (Date.now() > setupDeadline)
      throw new Error(
        `the ${projects} projects were not provisioned within 60 s:\n${ledgerline.map((l) => l.child.output()).join('\n')}`,
      );
    await sleep(100);
  }

  // Bodies are built before the clock starts: the figure is Ledgerline's, not the load generator's. They
  // depend on the options alone (bench/workload.ts): the digest says so.
  const bodies: string[] = [];
  const digest = createHash('sha256');
  for (let i = 0; i < events; i += batch) {
    const body = JSON.stringify(
      Array.from({ length: Math.min(batch, events - i) }, (_, k) => timeEntry(i + k, projects, resources)),
    );
    digest.update(body);
    bodies.push(body);
  }
  const erpPid = erp.process.pid;
  // The PostgreSQL server's CPU is the run's too: counted apart, not as the shared machine's noise.
  let postmaster: number | undefined;
  if (options.store === 'postgres') {
    const client = await connect(options.postgresUrl, 'public');
    postmaster = await postmasterPid(client).finally(() => client.end());
  }
  const cpuNow = () => {
    const own = process.cpuUsage();
    return {
      ledgerline: ledgerline.map((l) => cpuSeconds(l.child.process.pid)),
      erp: cpuSeconds(erpPid),
      postgres: postgresCpuSeconds(postmaster),
      loadGenerator: (own.user + own.system) / 1e6,
      machine: machineBusySeconds(),
      at: performance.now(),
    };
  };
  const cpuAtStart = cpuNow();
  const started = performance.now();
  let next = 0;
  let posted = 0;
  const sender = async () => {
    while (next < bodies.length) {
      const index = next;
      const body = bodies[index];
      next += 1;
      if (body === undefined) break;
      if (rate > 0) {
        // A steady offered load: batch i leaves at i x batch / rate seconds after the start.
        const due = started + (index * batch * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const status = await postJson(`${api.url}/v1/events`, body);
      if (status !== 202) throw new Error(`intake answered ${status}`);
      posted += 1;
    }
  };
  const intakeDone = Promise.all(Array.from({ length: options.inFlight }, sender)).then(() =>
    performance.now(),
  );
  let intakeFailure: Error | undefined;
  intakeDone.catch((error: unknown) => {
    intakeFailure = error instanceof Error ? error : new Error(String(error));
  });
  let counts = await erpCounts(erp.url, apiKey);
  let lastCount = -1;
  let lastMove = performance.now();
  let stalled = false;
  while (counts.costPostings < events) {
    if (intakeFailure !== undefined) throw intakeFailure;
    if (counts.costPostings !== lastCount) {
      lastCount = counts.costPostings;
      lastMove = performance.now();
    } else if (performance.now() - lastMove > stallSeconds * 1000) {
      stalled = true;
      break;
    }
    progress.render({
      phase: 'Posting',
      done: counts.costPostings,
      total: events,
      detail: `accepted ${formatCount(Math.min(events, posted * batch))}  ERP cost postings ${formatCount(counts.costPostings)}  billable lines ${formatCount(counts.billingLines)}`,
    });
    await sleep(rate > 0 ? 1000 : 500);
    counts = await erpCounts(erp.url, apiKey);
  }
  progress.finish();
  if (stalled) process.stderr.write(`No posting for ${stallSeconds} s: reporting what completed\n`);
  const intakeEnded = stalled ? performance.now() : await intakeDone;
  const cpuAtEnd = cpuNow();
  const perEvent = (after: number | undefined, before: number | undefined) =>
    after === undefined || before === undefined ? null : Math.round(((after - before) * 1e6) / events);
  const processes: ProcessFigures[] = ledgerline.map((l, i) => ({
    name: l.name,
    peakRssMb: mb(peakRssBytes(l.child.process.pid)),
    cpuMicrosPerEvent: perEvent(cpuAtEnd.ledgerline[i], cpuAtStart.ledgerline[i]),
  }));
  const sum = (values: readonly (number | undefined)[]) =>
    values.some((v) => v === undefined) ? undefined : values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const ownCpu =
    (sum(cpuAtEnd.ledgerline) ?? Number.NaN) -
    (sum(cpuAtStart.ledgerline) ?? Number.NaN) +
    ((cpuAtEnd.erp ?? Number.NaN) - (cpuAtStart.erp ?? Number.NaN)) +
    (cpuAtEnd.loadGenerator - cpuAtStart.loadGenerator) +
    (postmaster === undefined ? 0 : (cpuAtEnd.postgres ?? Number.NaN) - (cpuAtStart.postgres ?? Number.NaN));
  const otherCpu = (cpuAtEnd.machine ?? Number.NaN) - (cpuAtStart.machine ?? Number.NaN) - ownCpu;
  await stopLedgerline();
  const report = await erpReport(erp.url, apiKey);

  // Timings come from the store itself: when each event was received and when its postings were confirmed.
  const { completed, otherStates } = await store.read(timeApproved);
  const order = await checkOrder(erp.url, apiKey, new Map(completed.map((r) => [r.subject, r.seq])));
  processes.push({
    name: 'sandbox-erp',
    peakRssMb: mb(peakRssBytes(erpPid)),
    cpuMicrosPerEvent: perEvent(cpuAtEnd.erp, cpuAtStart.erp),
  });
  if (postmaster !== undefined)
    processes.push({
      name: 'postgresql',
      peakRssMb: null,
      cpuMicrosPerEvent: perEvent(cpuAtEnd.postgres, cpuAtStart.postgres),
    });
  const latencies = completed.map((r) => r.completedAt - r.receivedAt).sort((a, b) => a - b);
  // Loops rather than Math.min(...rows): spreading a million arguments overflows the stack.
  const firstReceived = completed.reduce((min, r) => Math.min(min, r.receivedAt), Infinity);
  const lastCompleted = completed.reduce((max, r) => Math.max(max, r.completedAt), -Infinity);
  const seconds = (lastCompleted - firstReceived) / 1000;
  const eventsPerSecond = Math.round(completed.length / seconds);
  const ledgerlineRss = processes.slice(0, ledgerline.length).map((p) => p.peakRssMb);
  const result: TimeResult = {
    machine: describeMachine(),
    date: new Date().toISOString(),
    scenario: `${events} TimeApproved events via POST /v1/events (batches of ${batch}, ${options.inFlight} in flight${rate > 0 ? `, offered at ${rate} events/s` : ', as fast as accepted'}) -> ${options.store === 'sqlite' ? 'SQLite' : `PostgreSQL, ${options.workers} worker(s)`} -> sandbox ERP (own process), 2 postings each; ${options.deliverers} transactional deliverer(s) per target in the ${options.deliveryThread === 'worker' ? 'delivery thread' : 'main thread'}; ledgerline node flags: ${ledgerlineNodeArgs.join(' ') || 'none'}`,
    store: options.store,
    storeWhere: store.where,
    workers: options.workers,
    workloadDigest: digest.digest('hex'),
    events,
    completed: completed.length,
    notCompleted: otherStates,
    stalled,
    endToEndSeconds: roundSeconds(seconds, 2),
    eventsPerSecond,
    erpPostingsPerSecond: Math.round((report.billingLines.count + report.costPostings.count) / seconds),
    intakeSeconds: roundSeconds((intakeEnded - started) / 1000, 2),
    intakeEventsPerSecond: Math.round(events / ((intakeEnded - started) / 1000)),
    rate,
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
    },
    // CPU per event is steadier than wall time on a shared machine: compare runs by it.
    cpuMicrosPerEvent: {
      ledgerline: perEvent(sum(cpuAtEnd.ledgerline), sum(cpuAtStart.ledgerline)),
      erp: perEvent(cpuAtEnd.erp, cpuAtStart.erp),
      postgres: postmaster === undefined ? null : perEvent(cpuAtEnd.postgres, cpuAtStart.postgres),
      loadGenerator: perEvent(cpuAtEnd.loadGenerator, cpuAtStart.loadGenerator) ?? 0,
    },
    peakRssMb: ledgerlineRss.some((v) => v === null) ? null : Math.max(...ledgerlineRss.map((v) => v ?? 0)),
    erpPeakRssMb: processes.find((p) => p.name === 'sandbox-erp')?.peakRssMb ?? null,
    processes,
    sharedMachine: {
      otherCpuSeconds: Number.isNaN(otherCpu) ? null : roundSeconds(Math.max(0, otherCpu), 1),
      windowSeconds: roundSeconds((cpuAtEnd.at - cpuAtStart.at) / 1000, 1),
    },
    erp: {
      billingLines: report.billingLines.count,
      costPostings: report.costPostings.count,
      duplicateSourceRefs: report.duplicateSourceRefs,
      replays: report.replays,
    },
    order,
    floor,
    // At a steady offered load the throughput is the load's: a share of the floor says nothing then.
    percentOfFloor:
      floor === null || rate > 0 ? null : Math.round((100 * eventsPerSecond) / floor.eventsPerSecond),
  };
  process.stdout.write(formatTimeResult(result));
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  // Not a timing assertion: a run that lost, doubled or reordered anything is a broken run, not a slow one.
  if (!isSound(result, order)) process.exitCode = 1;
} finally {
  progress.finish();
  await stopLedgerline();
  await erp?.stop();
  // --keep keeps the store (and for SQLite its folder) for a look afterwards: row sizes, query plans.
  if (options.keep) process.stdout.write(`  data kept in     ${dir}\n`);
  else {
    await store.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

function isSound(result: TimeResult, order: OrderCheck): boolean {
  return (
    result.completed === result.events &&
    result.erp.duplicateSourceRefs === 0 &&
    order.outOfOrder === 0 &&
    order.unknownSources === 0 &&
    (result.floor?.complete ?? true) &&
    (result.floor?.bare?.complete ?? true)
  );
}
