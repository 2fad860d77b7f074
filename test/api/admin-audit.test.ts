// The audit log of a whole running Ledgerline (real SQLite, the sandbox PSA and ERP): the service records
// the configuration it started with, the pipeline its postings, an operator's resolve (API) and replay
// (CLI) with who did them; GET /v1/admin/audit pages through it, and `ledgerline audit verify` finds the
// chain intact, written by the service's thread and the delivery thread alike.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { eventViews } from '../support/event-view.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { runCli } from '../support/child-service.ts';

interface Page {
  entries: { seq: number; actor: string; action: string; subject: string; detail: unknown; hash: string }[];
  nextAfterSeq: number | null;
}

describe('admin API: audit log', () => {
  const h = useHarness();
  const { settled } = eventViews(() => h);

  async function all(): Promise<Page['entries']> {
    const entries: Page['entries'] = [];
    let after = 0;
    for (;;) {
      const { status, body } = await h.get(`/v1/admin/audit?afterSeq=${after}&limit=2`);
      assert.equal(status, 200, JSON.stringify(body));
      const page = body as Page;
      entries.push(...page.entries);
      if (page.nextAfterSeq === null) return entries;
      after = page.nextAfterSeq;
    }
  }

  it('records the configuration, postings, a resolve by the API and a replay from the CLI, in one chain', async () => {
    const project = readyProject('project:test-psa:AUD-1');
    const refused = readyProject('project:test-psa:AUD-2', { taxTreatment: 'reverse-charge' });
    const time = timeApproved('time:test-psa:AUD-T1', project.data.id, 'resource:test-psa:AUD-U1');
    await h.postEvents([project, refused, resourceUpdated('resource:test-psa:AUD-U1')]);
    await settled(project.id, 'completed');
    await h.postEvents(time);
    await settled(time.id, 'completed');
    const dead = await settled(refused.id, 'dead');
    const letter = dead.lineage.deadLetters[0];
    assert.ok(letter);
    const resolved = await h.post(`/v1/admin/dead-letters/${letter.id}/resolve`, { note: 'client left' });
    assert.equal(resolved.status, 200);
    const replayed = await runCli(['replay', '--event', time.id, ...h.storeArgs]);
    assert.equal(replayed.code, 0, replayed.stderr);

    const entries = await all();
    assert.deepEqual(
      entries.map((e) => e.seq),
      entries.map((_, i) => i + 1),
    );
    const [first] = entries;
    assert.equal(first?.action, 'config.loaded');
    assert.equal(first.actor, 'system');
    assert.match((first.detail as { configSha256: string }).configSha256, /^[0-9a-f]{64}$/);
    const postings = entries.filter((e) => e.action === 'posting.delivered');
    assert.ok(postings.length >= 1);
    assert.ok(postings.every((e) => e.actor === 'pipeline'));
    const resolve = entries.find((e) => e.action === 'dead-letter.resolved');
    assert.deepEqual(
      { actor: resolve?.actor, subject: resolve?.subject, detail: resolve?.detail },
      { actor: 'api', subject: `dead-letter:${letter.id}`, detail: { note: 'client left' } },
    );
    const replay = entries.find((e) => e.action === 'replay');
    assert.match(replay?.actor ?? '', /^cli:/);
    assert.deepEqual(replay?.detail, { count: 1, eventIds: [time.id], redeliver: false });

    const verified = await runCli(['audit', 'verify', '--json', ...h.storeArgs]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.equal((JSON.parse(verified.stdout) as { entries: number }).entries, entries.length);
  });

  it('answers a bad cursor or limit with a problem document', async () => {
    for (const query of ['afterSeq=-1', 'limit=0', 'limit=5000', 'afterSeq=x', 'colour=red']) {
      const { status, body } = await h.get(`/v1/admin/audit?${query}`);
      assert.equal(status, 400, query);
      assert.equal((body as { type: string }).type, 'https://ledgerline.dev/problems/invalid-request');
    }
  });
});
