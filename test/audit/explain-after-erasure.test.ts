// `ledgerline explain` after lawful changes to a posting's source (issue 8), on whichever store the
// harness runs: an approval erased by pseudonymisation, or its payload purged by retention, cannot have
// its digest recomputed; explain says so plainly and exits 4 instead of calling it tampering (exit 1).
// Erasing a consultant also pseudonymises the master records decisions read (provenance inputs) and the
// posting still re-derives byte for byte; `audit verify` passes throughout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { runCli } from '../support/child-service.ts';
import type { Config } from '../../src/config/schema.ts';
import { sourceDigestOf } from '../../src/pipeline/provenance/source-digest.ts';
import type { PostingExplanation } from '../../src/audit/explain-posting.ts';

const keys = { TEST_FIELD_K1: randomBytes(32).toString('base64') };
const dayMs = 86_400_000;

describe('ledgerline explain after erasure and retention', () => {
  const h = useHarness({
    env: keys,
    configure: (c): Config => ({
      ...c,
      security: { fieldEncryption: { currentKeyId: 'k1', keys: { k1: { env: 'TEST_FIELD_K1' } } } },
      retention: { rawPayloadDays: 30, every: '1d' },
    }),
  });
  const { settled } = eventViews(() => h);
  const unique = randomBytes(3).toString('hex');
  const approver = `approver-${unique}@example.com`;
  const name = `Ezra Erasable ${unique}`;
  const project = readyProject(`project:test-psa:EXE-${unique}`);
  const resource = resourceUpdated(`resource:test-psa:EXE-U-${unique}`, '61.00');
  resource.data.name = name;
  const first = timeApproved(`time:test-psa:EXE-1-${unique}`, project.data.id, resource.data.id);
  first.data.approvedBy = approver;
  const second = timeApproved(`time:test-psa:EXE-2-${unique}`, project.data.id, resource.data.id);

  const configFile = () => {
    const file = join(h.dir, 'ledgerline.json');
    writeFileSync(file, JSON.stringify(h.config));
    return file;
  };
  const cli = (args: string[]) => runCli([...args, '--config', configFile()], { ...h.env });
  async function explain(ref: string): Promise<{ code: number | null; e: PostingExplanation; text: string }> {
    const json = await cli(['explain', ref, '--json']);
    assert.ok(json.stdout.startsWith('{'), `explain ${ref}: ${json.stderr}`);
    const text = await cli(['explain', ref]);
    assert.equal(text.code, json.code, 'text and JSON agree on the exit code');
    return { code: json.code, e: JSON.parse(json.stdout) as PostingExplanation, text: text.stdout };
  }
  async function auditIntact(): Promise<void> {
    const verify = await cli(['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  }

  it('posts two approvals, each proven (exit 0)', async () => {
    assert.equal((await h.postEvents([project, resource])).status, 202);
    await settled(project.id, 'completed');
    await settled(resource.id, 'completed');
    assert.equal((await h.postEvents([first, second])).status, 202);
    await settled(first.id, 'completed');
    await settled(second.id, 'completed');
    for (const time of [first, second]) {
      const { code, e } = await explain(`${time.data.id}/postings`);
      assert.equal(code, 0, JSON.stringify(e.problems));
      assert.equal(e.sourceRemoved, null);
    }
  });

  it('says an erased approval was erased, not tampered with (exit 4), and still re-derives it', async () => {
    const erase = await cli(['erase', '--subject', first.data.id]);
    assert.equal(erase.code, 0, erase.stdout + erase.stderr);
    const { code, e, text } = await explain(`${first.data.id}/postings`);
    assert.equal(code, 4, JSON.stringify(e.problems));
    assert.equal(e.proven, false);
    assert.deepEqual(e.problems, [], 'nothing is called altered');
    assert.equal(e.sourceRemoved?.how, 'erased');
    assert.match(e.sourceRemoved.at ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.match(String(e.source?.approved['approvedBy']), /^pseudonym:[0-9a-f]{24}$/);
    assert.deepEqual(e.digest, { carried: sourceDigestOf(first), recomputed: null, matches: false });
    assert.equal(e.reDerived.outcome, 'identical', 'the commands never held the approver');
    assert.ok(
      text.includes(
        `source erased on ${e.sourceRemoved.at ?? ''} by pseudonymisation; its digest cannot be recomputed; the posting carries ${sourceDigestOf(first)}`,
      ),
      text,
    );
    assert.doesNotMatch(text, /MISMATCH|altered after/);
    await auditIntact();
  });

  it('erases a consultant inside the recorded inputs too; the other posting stays proven', async () => {
    const erase = await cli(['erase', '--subject', resource.data.id]);
    assert.equal(erase.code, 0, erase.stdout + erase.stderr);
    assert.match(erase.stdout, /Pseudonymised 1 personal values/);
    const { code, e } = await explain(`${second.data.id}/postings`);
    assert.equal(code, 0, JSON.stringify(e.problems));
    assert.equal(e.reDerived.outcome, 'identical');
    const read = e.derivation.master.find((m) => m.key === `resource|${resource.data.id}`);
    const data = read?.data as { name?: string; costRate?: unknown } | undefined;
    assert.match(String(data?.name), /^pseudonym:[0-9a-f]{24}$/, 'the input holds the pseudonym');
    assert.deepEqual(data?.costRate, { amount: '61.00', currency: 'GBP' }, 'only personal data goes');
    assert.ok(!JSON.stringify(e).includes(name), 'the name is nowhere in the explanation');
    await auditIntact();
  });

  it('says a purged approval was purged by retention (exit 4)', async () => {
    const retention = h.service.retention;
    assert.ok(retention);
    const result = await retention.runNow(Date.now() + 31 * dayMs);
    assert.ok((result?.purged ?? 0) >= 2, `purged ${String(result?.purged)}`);
    const { code, e, text } = await explain(`${second.data.id}/postings`);
    assert.equal(code, 4, JSON.stringify(e.problems));
    assert.deepEqual(e.problems, []);
    assert.equal(e.sourceRemoved?.how, 'purged');
    assert.equal(e.digest.carried, sourceDigestOf(second));
    assert.equal(e.reDerived.outcome, 'not-derivable');
    assert.match(
      text,
      /source payload purged by retention on \S+; its digest cannot be recomputed and the posting cannot be re-derived; the posting carries [0-9a-f]{64}/,
    );
    await auditIntact();
  });
});
