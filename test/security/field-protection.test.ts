// Field-level protection (issue 8): values the contracts mark sensitive are sealed at rest (AES-256-GCM)
// in whichever store the harness runs on, read back in clear by the pipeline and the API, and keys rotate
// while the service runs: rows re-sealed under the new key, the old key retired afterwards.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { storedBytes } from './stored-bytes.ts';
import type { Config } from '../../src/config/schema.ts';
import { openConfiguredStore } from '../../src/store/open-store.ts';
import { fieldSealer } from '../../src/security/field-protection/field-sealer.ts';
import { keyringFromConfig } from '../../src/security/field-protection/field-keys.ts';
import { keyUsage, rotateKeys } from '../../src/security/field-protection/key-usage.ts';
import type { FieldKeyring } from '../../src/security/field-protection/field-cipher.ts';
import { protectedTables } from '../../src/store/protection-port.ts';
import { explainPosting } from '../../src/audit/explain-posting.ts';

const keys = {
  TEST_FIELD_K1: randomBytes(32).toString('base64'),
  TEST_FIELD_K2: randomBytes(32).toString('hex'),
};
const fieldEncryption = (currentKeyId: string) => ({
  currentKeyId,
  keys: { k1: { env: 'TEST_FIELD_K1' }, k2: { env: 'TEST_FIELD_K2' } },
});

describe('sensitive fields at rest', () => {
  const h = useHarness({
    env: keys,
    configure: (c): Config => ({ ...c, security: { fieldEncryption: fieldEncryption('k1') } }),
  });
  const { settled } = eventViews(() => h);
  const unique = randomBytes(4).toString('hex');
  const name = `Zelda Quixote ${unique}`;
  const approver = `approver-${unique}@example.com`;
  const costRate = '91.37';

  /** A resource, its project and one approved hour of its time, all completed. */
  async function postTime(n: string): Promise<string> {
    const project = readyProject(`project:test-psa:P-${n}`, { code: `CODE-${unique}-${n}` });
    const resource = resourceUpdated(`resource:test-psa:U-${n}`, costRate);
    resource.data.name = `${name} ${n}`;
    const time = timeApproved(`time:test-psa:${n}`, project.data.id, resource.data.id, { hours: '7.5' });
    time.data.approvedBy = approver;
    assert.equal((await h.postEvents([project, resource])).status, 202);
    await settled(project.id, 'completed');
    await settled(resource.id, 'completed');
    assert.equal((await h.postEvents(time)).status, 202);
    await settled(time.id, 'completed');
    return resource.id;
  }

  it('keeps names, cost rates and approvers out of the database, and serves them in clear', async () => {
    const resourceEvent = await postTime('1');
    const bytes = await storedBytes(h.config.store);
    // The grep finds what is stored in clear (the project code is not sensitive)...
    assert.ok(bytes.includes(`CODE-${unique}-1`), 'the stored bytes hold the plain project code');
    // ...and none of the sensitive values, wherever the store copied them (event, master data, outbox).
    assert.ok(!bytes.includes(name), 'a consultant name is stored in clear');
    assert.ok(!bytes.includes(approver), 'an approver is stored in clear');
    assert.ok(!bytes.includes(`"${costRate}"`), 'a cost rate is stored in clear');
    assert.ok(bytes.includes('"$sealed"'), 'sealed values are stored');
    // That covers the records the posting's decision read (provenance inputs), stored sealed whole.
    const inputs = await h.service.store.scanProtected('provenance_inputs', null, 10_000);
    assert.ok(inputs.length > 0, 'the posting recorded its inputs');
    for (const row of inputs) assert.ok(row.text.startsWith('{"$sealed":'), `input ${row.key} is in clear`);
    // The API reads them back opened.
    const resource = (await h.get(`/v1/events/${encodeURIComponent(resourceEvent)}`)).body as {
      event: { data: { name: string; costRate: { amount: string } } };
    };
    assert.equal(resource.event.data.name, `${name} 1`);
    assert.equal(resource.event.data.costRate.amount, costRate);
    // The pipeline did too: the cost posting is 7.5 h x 91.37 (rounded half-even to the cent).
    assert.deepEqual(h.erp.report().costPostings.amount, { GBP: '685.28' });
  });

  it('rotates to a new key while the service runs, after which the old key can be retired', async () => {
    let third = '';
    const k2: FieldKeyring = keyringFromConfig(fieldEncryption('k2'), keys);
    const rotator = await openConfiguredStore(h.config.store, { sealer: fieldSealer(k2) });
    try {
      // The service keeps taking work (under k1, its configured current key) while rows are re-sealed.
      const [rotated, resourceEvent] = await Promise.all([
        rotateKeys(rotator, k2, { batch: 2 }),
        postTime('2'),
      ]);
      assert.ok(rotated.reduce((n, r) => n + r.resealed, 0) > 0, 'rows were re-sealed');
      const during = await keyUsage(rotator);
      assert.ok((during.find((u) => u.table === 'events')?.byKey['k2'] ?? 0) > 0);
      // Rows of both keys read back: the service still has both.
      const resource = (await h.get(`/v1/events/${encodeURIComponent(resourceEvent)}`)).body as {
        event: { data: { name: string } };
      };
      assert.equal(resource.event.data.name, `${name} 2`);

      // The operator makes k2 current (config) and restarts; a last pass re-seals what was written meanwhile.
      (h.config as { security: { fieldEncryption: unknown } }).security.fieldEncryption =
        fieldEncryption('k2');
      await h.restart();
      third = await postTime('3');
      await rotateKeys(rotator, k2);
      const after = await keyUsage(rotator);
      for (const u of after) {
        assert.deepEqual(
          Object.keys(u.byKey).filter((id) => id !== 'k2'),
          [],
          `${u.table} still uses k1`,
        );
        assert.equal(u.clear, 0, `${u.table} holds sensitive values in clear`);
      }
    } finally {
      await rotator.close();
    }
    // k1 retired: a store with k2 alone opens every row.
    const onlyK2: FieldKeyring = {
      currentKeyId: 'k2',
      keys: new Map([['k2', k2.keys.get('k2') ?? Buffer.alloc(0)]]),
    };
    const reader = await openConfiguredStore(h.config.store, { sealer: fieldSealer(onlyK2) });
    try {
      const sealer = fieldSealer(onlyK2);
      for (const table of protectedTables) {
        for (const row of await reader.scanProtected(table, null, 10_000)) {
          if (table === 'events') sealer.openEvent(row.text);
          else if (table === 'master_data') sealer.openMaster(row.text);
          else sealer.openOpaque(row.text);
        }
      }
      const [event] = await reader.getEvent(third);
      assert.equal((event?.event.data as { name?: string } | undefined)?.name, `${name} 3`);
      // Postings sealed and recorded under k1, explained with k2 alone: re-derived byte for byte.
      for (const n of ['1', '2', '3']) {
        const lookup = await explainPosting(reader, `time:test-psa:${n}/postings`);
        assert.equal(lookup.found, 'one', n);
        if (lookup.found !== 'one') continue;
        assert.deepEqual(lookup.explanation.problems, [], n);
        assert.equal(lookup.explanation.reDerived.outcome, 'identical', n);
        const read = lookup.explanation.derivation.master.find((m) => m.key.startsWith('resource|'));
        assert.equal((read?.data as { name?: string } | undefined)?.name, `${name} ${n}`);
      }
    } finally {
      await reader.close();
    }
  });
});
