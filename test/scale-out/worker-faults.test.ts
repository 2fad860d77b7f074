// Several `ledgerline worker` processes and an API node on one PostgreSQL store, run as real processes,
// through the faults a production deployment meets: a worker killed with SIGKILL in the middle of a batch,
// every database connection cut (and the pools reconnecting), the ERP down for a while, a storm of
// duplicate deliveries of the same events, and a poison message. Afterwards every approved entry is posted
// exactly once, in approval order within each project, and the dead worker's rows were taken over by the
// others once its leases ran out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startSandboxErp, type SandboxErp } from '../../src/connectors/sandbox-erp/server.ts';
import { startSandboxPsa, type SandboxPsa } from '../../src/connectors/sandbox-psa/server.ts';
import type { CanonicalEvent } from '../../src/contracts/index.ts';
import { testConfig } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import {
  startChildService,
  startChildWorker,
  writeConfig,
  type ChildService,
} from '../support/child-service.ts';
import { freshSchema, skipUnlessPostgres, type TestSchema } from '../support/postgres.ts';
import { waitFor } from '../support/wait.ts';

const skip = await skipUnlessPostgres();

const projects = 6;
const entriesPerProject = 150;
const leaseMs = 2_000;
const resource = 'resource:test-psa:W-1';

interface BillingLine {
  readonly billing_line_id: string;
  readonly source_ref: string;
}

describe('workers on PostgreSQL under faults', { skip }, () => {
  let dir: string;
  let erp: SandboxErp;
  let psa: SandboxPsa;
  let schema: TestSchema;
  let api: ChildService;
  const workers = new Map<string, ChildService>();
  const run = `faults-${randomBytes(3).toString('hex')}`;
  const env = {
    FAULTS_PSA_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    FAULTS_ERP_KEY: randomBytes(16).toString('hex'),
    // serve and worker refuse a PostgreSQL store without field keys: these workers seal sensitive fields.
    FAULTS_FIELD_KEY: randomBytes(32).toString('base64'),
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-faults-'));
    erp = await startSandboxErp({ apiKey: env.FAULTS_ERP_KEY });
    psa = await startSandboxPsa({ webhookSecret: env.FAULTS_PSA_SECRET });
    schema = freshSchema('faults');
    const configFile = writeConfig(dir, {
      ...testConfig({
        dir,
        psaUrl: psa.url,
        erpUrl: erp.url,
        secretEnv: { psa: 'FAULTS_PSA_SECRET', erp: 'FAULTS_ERP_KEY' },
        poll: false,
        store: { postgres: schema.url },
        bodyLimitBytes: 4_194_304,
        delivery: {
          batchSize: 20,
          concurrency: 2,
          maxAttempts: 100,
          baseDelayMs: 20,
          maxDelayMs: 400,
          leaseMs,
        },
      }),
      security: { fieldEncryption: { currentKeyId: 'k1', keys: { k1: { env: 'FAULTS_FIELD_KEY' } } } },
    });
    api = await startChildService(configFile, env, ['--role', 'api', '--id', `${run}-api`]);
    for (const name of ['w1', 'w2', 'w3'])
      workers.set(name, await startChildWorker(configFile, env, `${run}-${name}`));
  });

  after(async () => {
    // Each step runs whatever the one before did, and a failing step is named with its cause: a suite
    // that fails in clean-up must say which part of it did.
    const failures: string[] = [];
    const step = async (name: string, work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        const cause = error instanceof Error ? error.cause : undefined;
        failures.push(`${name}: ${String(error)}${cause instanceof Error ? ` (${cause.message})` : ''}`);
      }
    };
    await step('stop the processes', () =>
      Promise.all([api, ...workers.values()].map((c) => c.kill('SIGTERM'))),
    );
    await step('close the sandbox ERP', () => erp.close());
    await step('close the sandbox PSA', () => psa.close());
    // Nothing of this run may still hold a connection (the killed worker's included) when its schema goes.
    await step('end left-over connections', () => cutConnections());
    await step('drop the schema', () => schema.drop());
    rmSync(dir, { recursive: true, force: true });
    if (failures.length > 0) assert.fail(`clean-up failed: ${failures.join('; ')}`);
  });

  async function post(events: readonly CanonicalEvent[]): Promise<number> {
    for (;;) {
      if (api.process.exitCode !== null || api.process.signalCode !== null)
        throw new Error(
          `the API node exited (${api.process.exitCode ?? api.process.signalCode}): ${api.stderr()}`,
        );
      try {
        const response = await fetch(`${api.url}/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(events),
        });
        await response.arrayBuffer();
        // Intake that met a cut connection answers 503 with Retry-After: send again, as a PSA would.
        if (response.status !== 503) return response.status;
      } catch {
        // the API node's connection reset while the database was cut: send again
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Connections of this run's processes, cut from the server side. */
  async function cutConnections(): Promise<number> {
    const rows = await schema.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name LIKE $1 AND pid <> pg_backend_pid()) t`,
      [`ledgerline:${run}-%`],
    );
    return rows[0]?.n ?? 0;
  }

  it('posts every entry exactly once, in order per project, through a killed worker, cut connections, an ERP outage, duplicates and a poison message', async () => {
    const projectIds = Array.from({ length: projects }, (_, i) => `project:test-psa:W-${i + 1}`);
    const poison = readyProject('project:test-psa:POISON', { taxTreatment: 'reverse-charge' });
    assert.equal(
      await post([...projectIds.map((id) => readyProject(id)), resourceUpdated(resource), poison]),
      202,
    );
    await waitFor('projects provisioned', () => erp.report().projects === projects, 30_000);

    // Entries interleave the projects, as approvals arrive; each is sent three times (a duplicate storm).
    const entries = Array.from({ length: projects * entriesPerProject }, (_, i) =>
      timeApproved(`time:test-psa:W-${i + 1}`, projectIds[i % projects] ?? '', resource, {
        hours: `${(i % 8) + 1}.25`,
      }),
    );
    const stuck = timeApproved('time:test-psa:POISON-1', poison.data.id, resource);
    const batches: CanonicalEvent[][] = [];
    for (let i = 0; i < entries.length; i += 50) batches.push(entries.slice(i, i + 50));
    batches.splice(3, 0, [stuck]);

    // The ERP is slow enough that batches are in flight when the worker is killed.
    erp.setFaults({ latencyMs: 300 });
    const sending = (async () => {
      for (const batch of batches) {
        const statuses = await Promise.all([post(batch), post(batch), post(batch)]);
        // 202 for the copy that was first, 200 (all duplicates) for the others.
        for (const status of statuses)
          assert.ok(status === 202 || status === 200, `intake answered ${status}`);
      }
    })();

    // 1. SIGKILL a worker in the middle of a batch: whichever is first seen holding postings in flight
    // (one project's rows stay with one worker at a time, so one worker may well do all of a small load).
    const victim = await waitFor(
      'a worker holding postings in flight',
      async () => {
        const rows = await schema.sql<{ lease_owner: string }>(
          `SELECT lease_owner FROM deliveries
           WHERE state = 'pending' AND lease_until > $1 AND queue = 'transactional' LIMIT 1`,
          [Date.now()],
        );
        const owner = rows[0]?.lease_owner;
        return owner === undefined ? undefined : owner.slice(run.length + 1);
      },
      30_000,
      5,
    );
    const killed = `${run}-${victim}`;
    await workers.get(victim)?.kill('SIGKILL');
    const killedAt = Date.now();
    workers.delete(victim);
    // What it held and had not finished: its pushes were still waiting on the slow ERP.
    const orphaned = await schema.sql<{ seq: number; lease_until: number }>(
      "SELECT seq, lease_until FROM deliveries WHERE lease_owner = $1 AND state = 'pending'",
      [killed],
    );
    assert.ok(orphaned.length > 0, `${victim} was killed holding nothing unfinished`);
    erp.setFaults({ latencyMs: 40 });

    // 2. Cut every connection of every process, three times, while work goes on.
    let cut = 0;
    for (let i = 0; i < 3; i += 1) {
      await new Promise((r) => setTimeout(r, 300));
      cut += await cutConnections();
    }

    // 3. The ERP goes down (every request 503) for a while, then comes back.
    erp.setFaults({ serverErrorRate: 1, seed: 7 });
    await new Promise((r) => setTimeout(r, 1_500));
    erp.setFaults({});

    await sending;
    await waitFor('every entry posted', () => erp.report().costPostings.count >= entries.length, 120_000);

    // Nothing posted twice, nothing lost.
    const report = erp.report();
    assert.equal(report.duplicateSourceRefs, 0, report.duplicateSourceRefExamples.join(', '));
    assert.equal(report.costPostings.count, entries.length);
    assert.equal(report.billingLines.count, entries.length);
    assert.ok(report.faultsInjected.serverErrors > 0, 'the outage was met');
    assert.ok(cut > 0, 'connections were cut');

    // Every entry completed once in the store; the duplicates were refused at intake. The ERP books a
    // posting before the worker records its answer, so the last confirmations may still be on their way.
    const statesNow = () =>
      schema.sql<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM events WHERE type = 'io.ledgerline.time.approved.v1'
         AND subject LIKE 'time:test-psa:W-%' GROUP BY state`,
      );
    const states = await waitFor(
      'every entry completed in the store',
      async () => {
        const now = await statesNow();
        return now.length === 1 && now[0]?.state === 'completed' ? now : undefined;
      },
      60_000,
    ).catch(async () => statesNow());
    assert.deepEqual(states, [{ state: 'completed', n: entries.length }]);
    const [duplicates] = await schema.sql<{ value: number }>(
      "SELECT value FROM counters WHERE name = 'duplicates_refused'",
    );
    assert.ok((duplicates?.value ?? 0) >= 2 * entries.length, `duplicates refused: ${duplicates?.value}`);

    // The poison message is dead-lettered with its reason; the entry that needs it waits, parked.
    const letters = await schema.sql<{ reason_code: string; subject: string }>(
      `SELECT d.reason_code, e.subject FROM dead_letters d JOIN events e ON e.seq = d.event_seq
       WHERE d.state = 'open'`,
    );
    assert.deepEqual(letters, [{ reason_code: 'erp.tax_code_not_configured', subject: poison.data.id }]);
    const [parked] = await schema.sql<{ state: string }>('SELECT state FROM events WHERE subject = $1', [
      stuck.subject,
    ]);
    assert.equal(parked?.state, 'parked');

    // Per project, the ERP received the postings in the order the entries were accepted.
    const seqs = new Map(
      (
        await schema.sql<{ subject: string; seq: number }>(
          "SELECT subject, seq FROM events WHERE type = 'io.ledgerline.time.approved.v1'",
        )
      ).map((r) => [r.subject, r.seq]),
    );
    for (const projectId of projectIds) {
      const external = await schema.sql<{ external_id: string }>(
        "SELECT external_id FROM xrefs WHERE canonical_id = $1 AND system = 'sandbox-erp'",
        [projectId],
      );
      const erpProject = external[0]?.external_id ?? '';
      const lines = await erpLines(erpProject);
      assert.equal(lines.length, entriesPerProject, projectId);
      const arrival = [...lines].sort((a, b) => a.billing_line_id.localeCompare(b.billing_line_id));
      const accepted = arrival.map((l) => seqs.get(l.source_ref) ?? -1);
      assert.deepEqual(
        accepted,
        [...accepted].sort((a, b) => a - b),
        `${projectId}: postings reached the ERP out of acceptance order`,
      );
    }

    // The dead worker's rows were taken over by the others, once its leases had run out.
    const takenOver = await schema.sql<{ seq: number; lease_owner: string | null; state: string }>(
      'SELECT seq, lease_owner, state FROM deliveries WHERE seq = ANY($1::bigint[])',
      [orphaned.map((h) => h.seq)],
    );
    for (const row of takenOver) {
      assert.equal(row.state, 'delivered', `delivery ${row.seq}`);
      assert.notEqual(row.lease_owner, killed, `delivery ${row.seq} still in the dead worker's name`);
    }
    const leaseEnd = Math.max(...orphaned.map((h) => h.lease_until));
    process.stdout.write(
      `# ${victim} killed with ${orphaned.length} deliveries unfinished; its lease ran out ${leaseEnd - killedAt} ms after the kill (lease ${leaseMs} ms), then the others took them over; ${cut} connections cut\n`,
    );
  });

  async function erpLines(erpProject: string): Promise<BillingLine[]> {
    const lines: BillingLine[] = [];
    let after: string | null = null;
    do {
      const query = new URLSearchParams({ project_id: erpProject, limit: '1000' });
      if (after !== null) query.set('after', after);
      const response = await fetch(`${erp.url}/erp/v1/billing_lines?${query.toString()}`, {
        headers: { authorization: `Bearer ${env.FAULTS_ERP_KEY}` },
      });
      assert.equal(response.status, 200, await response.clone().text());
      const page = (await response.json()) as { data: BillingLine[]; next_after: string | null };
      lines.push(...page.data);
      after = page.next_after;
    } while (after !== null);
    return lines;
  }
});
