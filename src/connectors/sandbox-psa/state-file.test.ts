// The state file: written shortly after a change and on close, read back at start, so the feed, records
// and subscriptions survive a restart and the seq continues where it stopped.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startSandboxPsa } from './server.ts';
import { requestJson, testSecret } from './test-support/http.ts';
import { tinyFirm } from './test-support/tiny-firm.ts';

/** The activities in the state file once it holds `count`, or what it holds after `timeoutMs`. */
async function activitiesWritten(path: string, count: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let written = -1;
    try {
      written = (JSON.parse(await readFile(path, 'utf8')) as { activities: unknown[] }).activities.length;
    } catch {
      // Not written yet (or mid-rename): look again.
    }
    if (written === count || Date.now() > deadline) return written;
    await sleep(50);
  }
}

describe('state file', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sandbox-psa-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('state survives a restart and the feed continues from the next seq', async () => {
    const stateFile = join(dir, 'nested', 'psa.json');
    const first = await startSandboxPsa({ webhookSecret: testSecret, stateFile });
    let subscription, feedBefore, reportBefore;
    try {
      first.seed(tinyFirm());
      subscription = first.subscribeWebhook('http://127.0.0.1:9/hooks');
      first.approveTime(100007, { approved_by: 'U-3', approved_at: '2026-07-16T09:30:00+01:00' });

      // Written about 200 ms after the change, before close; a loaded machine may take longer.
      assert.equal(await activitiesWritten(stateFile, 14, 5000), 14, 'written shortly after the change');
      feedBefore = await requestJson('GET', `${first.url}/api/v2/activities?limit=1000`);
      reportBefore = first.report();
    } finally {
      // Closed even when an assertion fails, so a failure fails instead of keeping the process alive.
      await first.close();
    }

    const second = await startSandboxPsa({ webhookSecret: testSecret, stateFile });
    try {
      const feedAfter = await requestJson('GET', `${second.url}/api/v2/activities?limit=1000`);
      assert.deepEqual(feedAfter.body, feedBefore.body);
      assert.deepEqual(second.report(), reportBefore);
      const subscriptions = await requestJson('GET', `${second.url}/api/v2/webhook_subscriptions`);
      assert.deepEqual(subscriptions.body, { webhook_subscriptions: [subscription] });

      second.completeProjectSetup('P-1003', { company: 'LL-UK', tax_treatment: 'standard' });
      const next = await requestJson('GET', `${second.url}/api/v2/activities?after=14`);
      const [activity] = (next.body as { activities: { id: string; kind: string }[] }).activities;
      assert.deepEqual([activity?.id, activity?.kind], ['act_15', 'project.activated']);
      assert.throws(() => second.seed(tinyFirm()), /reuses existing ids/);
    } finally {
      await second.close();
    }
    const third = await startSandboxPsa({ webhookSecret: testSecret, stateFile });
    assert.equal(third.report().activities, 15, 'the final write on close kept the last change');
    await third.close();
  });

  test('a missing file starts empty; a corrupt one refuses to start', async () => {
    const fresh = join(dir, 'fresh.json');
    const psa = await startSandboxPsa({ webhookSecret: testSecret, stateFile: fresh });
    assert.equal(psa.report().activities, 0);
    await psa.close();
    assert.equal((JSON.parse(await readFile(fresh, 'utf8')) as { version: number }).version, 1);

    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"version": 1, "users": ');
    await assert.rejects(startSandboxPsa({ webhookSecret: testSecret, stateFile: broken }), /not valid JSON/);
    await writeFile(broken, JSON.stringify({ version: 2 }));
    await assert.rejects(
      startSandboxPsa({ webhookSecret: testSecret, stateFile: broken }),
      /not a sandbox PSA state/,
    );
  });
});
