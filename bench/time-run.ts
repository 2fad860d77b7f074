// `npm run bench` (workload `time`, the default): approved time entries from HTTP intake to confirmed ERP
// posting, end to end, with Ledgerline (`ledgerline serve` on SQLite) and the sandbox ERP each in their own
// process.
// It prints throughput, intake-to-posting latency and peak memory, with the machine. It asserts nothing.
import { benchDelivery } from './delivery-settings.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import type { Config } from '../src/config/schema.ts';
import { formatCount, ProgressLine } from '../src/demo/progress.ts';
import { cpuSeconds, ledgerlineNodeArgs, peakRssBytes, root, startErp, startLedgerline } from './children.ts';
import { describeMachine } from './machine.ts';
import { percentile } from './percentile.ts';
import { masterData, timeEntry } from './workload.ts';

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'time' }, // chosen by run.ts
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '4' },
    projects: { type: 'string', default: '200' },
    resources: { type: 'string', default: '500' },
    rate: { type: 'string', default: '0' },
    'delivery-thread': { type: 'string', default: 'worker' },
  },
});
const events = Number(values.events);
const batch = Number(values.batch);
const inFlight = Number(values['in-flight']);
const projects = Number(values.projects);
const resources = Number(values.resources);
/** Offered load in events/s; 0 sends as fast as intake accepts (a throughput run). */
const rate = Number(values.rate);
/** Where Ledgerline runs its deliverers: `worker` (its delivery thread, the default) or `main`. */
const deliveryThread = values['delivery-thread'] === 'main' ? 'main' : 'worker';

interface ErpReport {
  projects: number;
  billingLines: { count: number };
  costPostings: { count: number };
  duplicateSourceRefs: number;
  replays: number;
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

const dir = mkdtempSync(join(tmpdir(), 'ledgerline-bench-'));
const storeFile = join(dir, 'ledgerline.sqlite');
const apiKey = randomBytes(16).toString('hex');
const progress = new ProgressLine();
const erp = await startErp(apiKey);
const config: Config = {
  store: { sqlite: storeFile },
  http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 8 * 1024 * 1024 },
  legalEntities: [{ id: 'LL-UK', name: 'Ledgerline UK Ltd', country: 'GB', functionalCurrency: 'GBP' }],
  systems: {
    // Events arrive over HTTP in this run; the PSA is never called.
    psa: [
      {
        id: 'bench-psa',
        connector: 'sandbox-psa',
        baseUrl: 'http://127.0.0.1:9',
        webhookSecret: { env: 'BENCH_PSA_SECRET' },
      },
    ],
    erp: { id: 'sandbox-erp', connector: 'sandbox-erp', baseUrl: erp.url, apiKey: { env: 'BENCH_ERP_KEY' } },
  },
  delivery: benchDelivery(deliveryThread),
};
const configFile = join(dir, 'ledgerline.yaml');
writeFileSync(configFile, stringify(config));
const ledgerline = await startLedgerline(configFile, {
  BENCH_PSA_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  BENCH_ERP_KEY: apiKey,
});

try {
  process.stderr.write(`Machine: ${describeMachine()}\n`);
  process.stderr.write(`Set-up: ${projects} projects and ${resources} consultants\n`);
  const setup = masterData(projects, resources);
  for (let i = 0; i < setup.length; i += batch)
    await postJson(`${ledgerline.url}/v1/events`, JSON.stringify(setup.slice(i, i + batch)));
  const setupDeadline = Date.now() + 60_000;
  while ((await erpReport(erp.url, apiKey)).projects < projects) {
    if (Date.now() > setupDeadline)
      throw new Error(`the ${projects} projects were not provisioned within 60 s:\n${ledgerline.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  // Bodies are built before the clock starts: the figure is Ledgerline's, not the load generator's.
  const bodies: string[] = [];
  for (let i = 0; i < events; i += batch) {
    bodies.push(
      JSON.stringify(
        Array.from({ length: Math.min(batch, events - i) }, (_, k) => timeEntry(i + k, projects, resources)),
      ),
    );
  }
  const cpuAtStart = { ledgerline: cpuSeconds(ledgerline.process.pid), erp: cpuSeconds(erp.process.pid) };
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
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const status = await postJson(`${ledgerline.url}/v1/events`, body);
      if (status !== 202) throw new Error(`intake answered ${status}`);
      posted += 1;
    }
  };
  const intakeDone = Promise.all(Array.from({ length: inFlight }, sender)).then(() => performance.now());
  let report = await erpReport(erp.url, apiKey);
  while (report.costPostings.count < events) {
    progress.render({
      phase: 'Posting',
      done: report.costPostings.count,
      total: events,
      detail: `accepted ${formatCount(Math.min(events, posted * batch))}  ERP cost postings ${formatCount(report.costPostings.count)}  billable lines ${formatCount(report.billingLines.count)}`,
    });
    await new Promise((r) => setTimeout(r, 1000));
    report = await erpReport(erp.url, apiKey);
  }
  const intakeEnded = await intakeDone;
  progress.finish();
  const peakRss = peakRssBytes(ledgerline.process.pid);
  const cpuUsed = (pid: number | undefined, before: number | undefined) => {
    const after = cpuSeconds(pid);
    return after === undefined || before === undefined ? null : after - before;
  };
  const cpu = {
    ledgerline: cpuUsed(ledgerline.process.pid, cpuAtStart.ledgerline),
    erp: cpuUsed(erp.process.pid, cpuAtStart.erp),
  };
  await ledgerline.stop();
  const erpPeakRss = peakRssBytes(erp.process.pid);

  // Timings come from the store itself: when each event was received and when its postings were confirmed.
  const db = new Database(storeFile, { readonly: true });
  const rows = db
    .prepare<[], { received_at: number; completed_at: number }>(
      "SELECT received_at, completed_at FROM events WHERE type = 'io.ledgerline.time.approved.v1' AND state = 'completed'",
    )
    .all();
  db.close();
  const latencies = rows.map((r) => r.completed_at - r.received_at).sort((a, b) => a - b);
  const firstReceived = Math.min(...rows.map((r) => r.received_at));
  const lastCompleted = Math.max(...rows.map((r) => r.completed_at));
  const seconds = (lastCompleted - firstReceived) / 1000;
  const result = {
    machine: describeMachine(),
    date: new Date().toISOString(),
    scenario: `${events} TimeApproved events via POST /v1/events (batches of ${batch}, ${inFlight} in flight${rate > 0 ? `, offered at ${rate} events/s` : ', as fast as accepted'}) -> SQLite -> sandbox ERP (own process), 2 postings each; deliverers in the ${deliveryThread === 'worker' ? 'delivery thread' : 'main thread'}; ledgerline node flags: ${ledgerlineNodeArgs.join(' ') || 'none'}`,
    events,
    completed: rows.length,
    endToEndSeconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(rows.length / seconds),
    erpPostingsPerSecond: Math.round((report.billingLines.count + report.costPostings.count) / seconds),
    intakeSeconds: Number(((intakeEnded - started) / 1000).toFixed(2)),
    intakeEventsPerSecond: Math.round(events / ((intakeEnded - started) / 1000)),
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1),
    },
    // CPU per event is steadier than wall time on a shared machine: compare runs by it.
    cpuMicrosPerEvent: {
      ledgerline: cpu.ledgerline === null ? null : Math.round((cpu.ledgerline * 1e6) / events),
      erp: cpu.erp === null ? null : Math.round((cpu.erp * 1e6) / events),
    },
    peakRssMb: peakRss === undefined ? null : Math.round(peakRss / 2 ** 20),
    erpPeakRssMb: erpPeakRss === undefined ? null : Math.round(erpPeakRss / 2 ** 20),
    erp: {
      billingLines: report.billingLines.count,
      costPostings: report.costPostings.count,
      duplicateSourceRefs: report.duplicateSourceRefs,
      replays: report.replays,
    },
  };
  const lines = [
    '',
    `Ledgerline benchmark, ${result.date}`,
    `  machine          ${result.machine}`,
    `  scenario         ${result.scenario}`,
    `  end to end       ${formatCount(result.completed)} events in ${result.endToEndSeconds} s = ${formatCount(result.eventsPerSecond)} events/s (${formatCount(result.erpPostingsPerSecond)} ERP postings/s)`,
    `  intake           ${formatCount(events)} events accepted in ${result.intakeSeconds} s = ${formatCount(result.intakeEventsPerSecond)} events/s`,
    `  latency          intake -> confirmed posting p50 ${result.latencyMs.p50} ms, p90 ${result.latencyMs.p90} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
    `  CPU per event    ledgerline ${result.cpuMicrosPerEvent.ledgerline} us, sandbox ERP ${result.cpuMicrosPerEvent.erp} us (user + system, from the start of intake)`,
    `  peak RSS         ledgerline ${result.peakRssMb} MB, sandbox ERP ${result.erpPeakRssMb} MB`,
    `  exactly once     ${formatCount(result.erp.costPostings)} cost postings, ${formatCount(result.erp.billingLines)} billable lines, ${result.erp.duplicateSourceRefs} sources posted twice`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await ledgerline.stop();
  await erp.stop();
  rmSync(dir, { recursive: true, force: true });
}
