// Posting provenance under field protection, on both adapters: the master records a decision read
// (provenance inputs) are stored sealed yet keyed and deduplicated by the digest of their clear JSON,
// read back in clear, re-sealed by key rotation (readable with the old key retired), and a posting is
// still found by one of its commands' keys although the outbox payload is sealed whole.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NewDelivery, Store } from '../../src/store/port.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { fieldSealer } from '../../src/security/field-protection/field-sealer.ts';
import type { FieldKeyring } from '../../src/security/field-protection/field-cipher.ts';
import { keyUsage, rotateKeys } from '../../src/security/field-protection/key-usage.ts';
import { inputDigest } from '../../src/pipeline/provenance/decision-record.ts';
import { freshSchema, skipUnlessPostgres } from '../support/postgres.ts';
import { tempDir } from './sqlite-temp.ts';
import { delivery, ingestOne, timeApproved } from './fixtures.ts';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const ring = (current: string, keys: Record<string, Buffer>): FieldKeyring => ({
  currentKeyId: current,
  keys: new Map(Object.entries(keys)),
});

type Open = (keyring: FieldKeyring) => Promise<Store>;
interface Backend {
  readonly open: Open;
  readonly cleanup: () => Promise<void>;
}

const sqlite = (): Promise<Backend> => {
  const { dir, remove } = tempDir('ledgerline-prov-');
  const file = join(dir, 'ledgerline.sqlite');
  return Promise.resolve({
    open: (keyring) => Promise.resolve(openSqliteStore(file, { sealer: fieldSealer(keyring) })),
    cleanup: () => Promise.resolve(remove()),
  });
};
const postgres = (): Promise<Backend> => {
  const schema = freshSchema('prov');
  return Promise.resolve({
    open: (keyring) => openPostgresStore(schema.url, { sealer: fieldSealer(keyring) }),
    cleanup: () => schema.drop(),
  });
};

const secretName = `Quentin Sealwell ${randomBytes(3).toString('hex')}`;
const resourceJson = JSON.stringify({
  kind: 'resource',
  id: 'resource:test:U-1',
  data: { name: secretName, costRate: { amount: '71.13', currency: 'GBP' } },
});
const environmentJson = JSON.stringify({ erpSystem: 'sandbox-erp' });

/** A delivery of two commands (neither the row's key) with a decision record naming two inputs. */
function recorded(rowKey: string, commandKeys: readonly string[]): NewDelivery {
  const base = delivery(rowKey, 'project:1');
  const record = JSON.stringify({
    derivationVersion: 1,
    eventSeq: 1,
    sourceDigest: 'f'.repeat(64),
    configDigest: inputDigest(environmentJson),
    xrefs: {},
    canonical: {},
    master: { 'resource|resource:test:U-1': inputDigest(resourceJson) },
  });
  return {
    ...base,
    payload: JSON.stringify(commandKeys.map((k) => ({ kind: 'postCost', idempotencyKey: k }))),
    provenance: {
      record,
      inputs: [
        { digest: inputDigest(environmentJson), data: environmentJson },
        { digest: inputDigest(resourceJson), data: resourceJson },
      ],
    },
  };
}

for (const [name, backend] of [
  ['sqlite', sqlite],
  ['postgres', postgres],
] as const) {
  const skip = name === 'postgres' ? await skipUnlessPostgres() : false;
  describe(`sealed posting provenance (${name})`, { skip }, () => {
    it('seals inputs under their clear digest, finds a posting by a command key, survives rotation', async () => {
      const b = await backend();
      let store = await b.open(ring('k1', { k1 }));
      try {
        const seq = await ingestOne(store, timeApproved('evt-prov-1', 1));
        // Two deliveries reading the same inputs: stored once each (dedupe on the clear digest).
        await store.applyDecisions(
          [
            {
              seq,
              kind: 'deliver',
              deliveries: [
                recorded('time:1/postings', ['time:1/line', 'time:1/cost']),
                recorded('time:1/other', ['time:1/more']),
              ],
            },
          ],
          2_000,
        );
        const raw = await store.scanProtected('provenance_inputs', null, 100);
        assert.deepEqual(
          raw.map((r) => r.key).sort(),
          [inputDigest(environmentJson), inputDigest(resourceJson)].sort(),
        );
        for (const row of raw) {
          assert.ok(row.text.startsWith('{"$sealed":"v1.k1.'), `input ${row.key} is stored sealed`);
          assert.ok(!row.text.includes(secretName) && !row.text.includes('71.13'));
        }
        const [outbox] = await store.scanProtected('deliveries', null, 1);
        assert.ok(outbox?.text.startsWith('{"$sealed":'), 'the outbox payload is sealed whole');

        // Found by a command's key although the row is undelivered (no external refs) and sealed.
        const [byCommand, ...more] = await store.findDeliveries('time:1/cost');
        assert.equal(more.length, 0);
        assert.equal(byCommand?.idempotencyKey, 'time:1/postings');
        assert.equal((await store.findDeliveries('time:1/more'))[0]?.idempotencyKey, 'time:1/other');
        assert.deepEqual(await store.findDeliveries('time:1/none'), []);
        assert.equal((await store.findDeliveries('time:1/postings')).length, 1);

        const opened = await store.deliveryProvenance(byCommand.target, byCommand.idempotencyKey);
        assert.equal(opened?.inputs.get(inputDigest(resourceJson)), resourceJson, 'read back in clear');
        assert.equal(opened.inputs.get(inputDigest(environmentJson)), environmentJson);

        // Rotation covers them; with k1 retired they still open, byte for byte.
        const usage = (await keyUsage(store)).find((u) => u.table === 'provenance_inputs');
        assert.deepEqual(usage, { table: 'provenance_inputs', rows: 2, byKey: { k1: 2 }, clear: 0 });
        await store.close();
        store = await b.open(ring('k2', { k1, k2 }));
        await rotateKeys(store, ring('k2', { k1, k2 }), { batch: 1 });
        await store.close();
        store = await b.open(ring('k2', { k2 }));
        const after = (await keyUsage(store)).find((u) => u.table === 'provenance_inputs');
        assert.deepEqual(after?.byKey, { k2: 2 });
        const again = await store.deliveryProvenance(byCommand.target, byCommand.idempotencyKey);
        assert.equal(again?.inputs.get(inputDigest(resourceJson)), resourceJson);
      } finally {
        await store.close();
        await b.cleanup();
      }
    });
  });
}
