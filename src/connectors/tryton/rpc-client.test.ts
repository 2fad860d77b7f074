// The JSON-RPC client against a real Tryton: one login per run, a new login once the session is gone,
// Tryton's errors as typed failures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TrytonCallError } from './rpc-failure.ts';
import { provision } from './test-support/commands.ts';
import {
  adminPassword,
  newDatabase,
  skipUnlessTryton,
  TRYTON_URL,
  type TestDatabase,
} from './test-support/tryton-db.ts';
import { TrytonRpc } from './rpc-client.ts';

const skip = await skipUnlessTryton();

describe('Tryton JSON-RPC client', { skip }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await newDatabase('rpc');
  });
  after(async () => {
    await db.drop();
  });

  test('a connector logs in once for many calls', async () => {
    const tryton = db.connector();
    await tryton.push([provision('P-L1')]);
    await tryton.push([provision('P-L2'), provision('P-L1')]);
    await tryton.pull(undefined, 10);
    assert.equal(tryton.rpcStats.logins, 1);
    assert.ok(tryton.rpcStats.calls > 5);
  });

  test('concurrent first calls share one login', async () => {
    const rpc = db.rpc();
    await Promise.all([1, 2, 3].map(() => rpc.model('party.party', 'search', [], 0, 1, null)));
    assert.equal(rpc.logins, 1);
  });

  test('after the session is killed on the server the client logs in again once and repeats the call', async () => {
    const rpc = db.rpc();
    const before = await rpc.model('party.party', 'search_count', []);
    await rpc.logout(); // what an expired or revoked session looks like: the next call gets 401
    const after = await rpc.model('party.party', 'search_count', []);
    assert.equal(after, before);
    assert.equal(rpc.logins, 2);
  });

  test("Tryton's UserError arrives as a non-retryable failure with Tryton's message", async () => {
    const rpc = db.rpc();
    const error = await rpc.model('project.work', 'create', [{ type: 'project', company: 1 }]).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof TrytonCallError, String(error));
    assert.equal(error.failure.retryable, false);
    assert.equal(error.failure.reasonCode, 'tryton.domain_invalid');
    assert.match(error.failure.message, /"Name" in "Work Effort"/);
  });

  test('a wrong password is refused as tryton.unauthorized, not retried', async () => {
    const rpc = new TrytonRpc({
      baseUrl: TRYTON_URL,
      database: db.name,
      username: 'admin',
      password: `${adminPassword()}x`,
      timeoutMs: 10_000,
    });
    try {
      const error = await rpc.model('party.party', 'search', [], 0, 1, null).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof TrytonCallError);
      assert.deepEqual([error.failure.reasonCode, error.failure.retryable], ['tryton.unauthorized', false]);
      assert.equal(rpc.logins, 0);
    } finally {
      await rpc.close();
    }
  });
});
