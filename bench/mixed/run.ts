// `npm run bench -- --workload mixed` (or `npm run bench:mixed`): a services firm's mixed traffic from HTTP
// intake to confirmed delivery, end to end, with Ledgerline (`ledgerline serve` on SQLite), the sandbox ERP
// and the sandbox PSA each in their own process. Per 100 events: 80 approved time entries, 10 expenses,
// 4 invoices and 3 payments (written back to the PSA), 1 milestone, 1 customer change (ERP -> PSA) and 1
// consultant change. It prints throughput and intake-to-completion latency per workflow, CPU and memory
// per process, what did not complete and why, and checks the sandboxes' books. It asserts no timing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount, ProgressLine } from '../../src/demo/progress.ts';
import { cpuSeconds, ledgerlineNodeArgs, peakRssBytes, root } from '../children.ts';
import { describeMachine, machineBusySeconds } from '../machine.ts';
import { describeFirm } from './firm.ts';
import { erpReport, psaReport } from './http.ts';
import { mix } from './mix.ts';
import { mixedOptions } from './options.ts';
import { planRun } from './plan.ts';
import { formatResult, type MixedResult } from './report.ts';
import { send, toBatches } from './send.ts';
import { runSetup } from './setup.ts';
import { StoreReader } from './store-figures.ts';
import { startSystems, type Systems } from './systems.ts';
import { verifyReports } from './verify.ts';
import { settle, waitForDeliveries } from './wait.ts';

const options = mixedOptions();
const firm = describeFirm(options);
const plan = planRun(options.events, firm);
const dir = mkdtempSync(join(tmpdir(), 'ledgerline-bench-mixed-'));
const progress = new ProgressLine();
const mb = (bytes: number | undefined) => (bytes === undefined ? null : Math.round(bytes / 2 ** 20));

function cpuNow(systems: Systems) {
  const usage = process.cpuUsage();
  return {
    ledgerline: cpuSeconds(systems.ledgerline.process.pid),
    erp: cpuSeconds(systems.erp.process.pid),
    psa: cpuSeconds(systems.psa.process.pid),
    loadGenerator: (usage.user + usage.system) / 1e6,
    machine: machineBusySeconds(),
    at: performance.now(),
  };
}

/** CPU that processes other than the benchmark's took over the run: the noise of a shared machine. */
function otherLoad(before: ReturnType<typeof cpuNow>, after: ReturnType<typeof cpuNow>) {
  const delta = (key: 'ledgerline' | 'erp' | 'psa' | 'loadGenerator' | 'machine') =>
    (after[key] ?? Number.NaN) - (before[key] ?? Number.NaN);
  const own = delta('ledgerline') + delta('erp') + delta('psa') + delta('loadGenerator');
  const other = delta('machine') - own;
  return {
    otherCpuSeconds: Number.isNaN(other) ? null : Number(Math.max(0, other).toFixed(1)),
    windowSeconds: Number(((after.at - before.at) / 1000).toFixed(1)),
    cores: cpus().length,
  };
}

const perEvent = (after: number | undefined, before: number | undefined): number | null =>
  after === undefined || before === undefined ? null : Math.round(((after - before) * 1e6) / options.events);

let systems: Systems | undefined;
let reader: StoreReader | undefined;
try {
  process.stderr.write(`Machine: ${describeMachine()}\n`);
  systems = await startSystems(dir, firm, options);
  reader = new StoreReader(systems.sqliteFile);
  process.stderr.write(
    `Set-up: ${firm.customers.length} customers (ERP -> PSA), ${firm.projects.length} projects (${firm.milestoneProjects.length} fixed-fee or retainer), ${firm.resources} consultants\n`,
  );
  await runSetup(systems, firm, reader, options.batch);
  const fromSeq = reader.maxSeq();

  const batches = toBatches(plan.events, options.batch);
  const cpuAtStart = cpuNow(systems);
  const started = performance.now();
  const sending = send(systems.ledgerline.url, batches, { ...options, started });
  const delivered = await waitForDeliveries(systems, plan.expected, sending, options.events, {
    stallSeconds: options.stallSeconds,
    progress,
  });
  const intakeEnded = await sending.ended;
  const failure = sending.failure();
  if (failure) throw failure;
  // Counts in: let the last master-data changes (no count to poll) finish too.
  const stillMoving = await settle(reader, fromSeq, delivered.stalled ? 1 : options.stallSeconds);
  progress.finish();
  if (stillMoving > 0) process.stderr.write(`${stillMoving} events were still moving when the wait ended\n`);
  const cpuAtEnd = cpuNow(systems);
  const peakRss = {
    ledgerline: mb(peakRssBytes(systems.ledgerline.process.pid)),
    erp: mb(peakRssBytes(systems.erp.process.pid)),
    psa: mb(peakRssBytes(systems.psa.process.pid)),
  };
  const [erp, psa] = await Promise.all([
    erpReport(systems.erp.url, systems.erpApiKey),
    psaReport(systems.psa.url),
  ]);
  reader.close();
  reader = undefined;
  await systems.ledgerline.stop();

  const store = new StoreReader(systems.sqliteFile);
  const figures = store.figures(fromSeq, plan.expected.sent);
  store.close();
  const intakeSeconds = (intakeEnded - started) / 1000;
  const result: MixedResult = {
    machine: describeMachine(),
    date: new Date().toISOString(),
    scenario: `${formatCount(options.events)} events, per 100: ${mix.map(([name, n]) => `${n} ${name}`).join(', ')}; via POST /v1/events (batches of ${options.batch}, ${options.inFlight} in flight${options.rate > 0 ? `, offered at ${options.rate} events/s` : ', as fast as accepted'}) -> SQLite -> sandbox ERP and sandbox PSA (own processes); ${firm.projects.length} projects, ${firm.customers.length} customers, ${firm.resources} consultants; deliverers in the ${options.deliveryThread === 'worker' ? 'delivery thread' : 'main thread'}; ledgerline node flags: ${ledgerlineNodeArgs.join(' ') || 'none'}`,
    events: options.events,
    completed: figures.completed,
    endToEndSeconds: figures.seconds,
    eventsPerSecond: Math.round(figures.completed / figures.seconds),
    intakeSeconds: Number(intakeSeconds.toFixed(2)),
    intakeEventsPerSecond: Math.round(options.events / intakeSeconds),
    workflows: figures.workflows,
    cpuMicrosPerEvent: {
      ledgerline: perEvent(cpuAtEnd.ledgerline, cpuAtStart.ledgerline),
      erp: perEvent(cpuAtEnd.erp, cpuAtStart.erp),
      psa: perEvent(cpuAtEnd.psa, cpuAtStart.psa),
      loadGenerator: perEvent(cpuAtEnd.loadGenerator, cpuAtStart.loadGenerator),
    },
    peakRssMb: peakRss,
    sharedMachine: otherLoad(cpuAtStart, cpuAtEnd),
    stalled: delivered.stalled,
    notCompleted: figures.notCompleted,
    deadLetters: figures.deadLetters,
    deliveries: figures.deliveries,
    checks: verifyReports(plan.expected, erp, psa),
  };
  process.stdout.write(formatResult(result));
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'mixed-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  // Not a timing assertion: a run that lost, parked or doubled anything is a broken run, not a slow one.
  if (figures.notCompleted.length > 0 || result.checks.some((c) => !c.ok)) process.exitCode = 1;
} finally {
  progress.finish();
  reader?.close();
  await systems?.stop();
  rmSync(dir, { recursive: true, force: true });
}
