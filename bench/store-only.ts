// `npm run bench:store -- [events]`: the SQLite store alone (no HTTP, no ERP), driven by the pipeline's
// own calls (ingest, decide, claim, complete with confirmations), to show what the store costs per event.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { contextKeys, decide } from '../src/pipeline/decide/decide.ts';
import { BatchContext, decideEnvironment } from '../src/pipeline/decide/context.ts';
import { buildConfirmations } from '../src/pipeline/confirm.ts';
import { commandsOf } from '../src/pipeline/command-payload.ts';
import { describeMachine } from './machine.ts';
import { queueClassifier } from '../src/pipeline/queues.ts';

const queueOf = queueClassifier();
import { masterData, timeEntry } from './workload.ts';

const events = Number(process.argv[2] ?? 30_000);
const dir = mkdtempSync(join(tmpdir(), 'ledgerline-store-bench-'));
const store = openSqliteStore(join(dir, 'bench.sqlite'));
const env = decideEnvironment({
  erpSystem: 'erp',
  legalEntities: [{ id: 'LL-UK', name: 'UK', country: 'GB', functionalCurrency: 'GBP' }],
  psaSystems: ['bench-psa'],
});
const spent = new Map<string, number>();

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  spent.set(step, (spent.get(step) ?? 0) + performance.now() - start);
  return result;
}

async function processAll(): Promise<void> {
  for (;;) {
    const batch = await timed('claimAccepted', () => store.claimAccepted(1000));
    if (batch.length === 0) return;
    const ctx = new BatchContext(
      await timed('loadContext', () => store.loadContext(contextKeys(batch, env))),
    );
    const decisions = batch.map((e) => decide(e, ctx, env));
    await timed('applyDecisions', () => store.applyDecisions(decisions, Date.now()));
  }
}

async function deliverAll(): Promise<void> {
  let n = 0;
  for (;;) {
    const rows = await timed('claimDeliveries', () =>
      store.claimDeliveries(env.erpSystem, 1000, Date.now(), 30_000),
    );
    if (rows.length === 0) return;
    const results = rows.map((r) => ({
      seq: r.seq,
      outcome: 'ok' as const,
      externalRefs: commandsOf(r).map((c) => ({ key: c.idempotencyKey, externalId: `X-${(n += 1)}` })),
      replayed: false,
    }));
    await timed('completeDeliveries', () =>
      store.completeDeliveries(results, Date.now(), (c) => buildConfirmations(c, Date.now())),
    );
  }
}

try {
  await store.ingest(
    masterData(200, 500).map((event) => ({ event, receivedAt: Date.now(), queue: queueOf(event.type) })),
  );
  await processAll();
  await deliverAll();
  spent.clear();
  const entries = Array.from({ length: events }, (_, i) => timeEntry(i, 200, 500));
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < events; i += 1000) {
    const slice = entries
      .slice(i, i + 1000)
      .map((event) => ({ event, receivedAt: Date.now(), queue: queueOf(event.type) }));
    await timed('ingest', () => store.ingest(slice));
  }
  await processAll();
  await deliverAll();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  process.stdout.write(`Machine: ${describeMachine()}\n`);
  process.stdout.write(
    `Store only, ${events} approved time entries: ${Math.round(events / seconds)} events/s (${seconds.toFixed(2)} s), CPU ${((cpu.user + cpu.system) / events).toFixed(1)} us per event\n`,
  );
  for (const [step, ms] of spent)
    process.stdout.write(
      `  ${step.padEnd(20)} ${Math.round(ms)} ms  (${((1000 * ms) / events).toFixed(1)} us/event)\n`,
    );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
