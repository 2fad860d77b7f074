// `ledgerline demo --stay`: after the run and its checks the API and the console keep serving, with the
// console's URL printed, until Ctrl-C; then it stops cleanly with the run's exit code. It runs with
// authentication on, with an admin key printed once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../support/demo-child.ts';

describe('ledgerline demo --stay', () => {
  it('keeps serving the admin API and the console until SIGINT, then exits 0 after a passing run', async () => {
    const demo = await startDemo(['--scenario', 'time-posting', '--entries', '200'], {}, 240_000);
    let stopped = false;
    try {
      assert.match(demo.stdout(), /Ledgerline demo PASSED/, 'the summary is printed before it stays');
      // It runs with authentication on and prints an admin key for the console, once.
      assert.ok(demo.consoleKey, 'the demo prints an admin API key');
      assert.match(demo.stdout(), /console, signed in: http:\/\/\S+\/#signin=llk_/);
      const refused = await fetch(`${demo.consoleUrl}/v1/admin/overview`);
      assert.equal(refused.status, 401);
      const overview = await fetch(`${demo.consoleUrl}/v1/admin/overview?minutes=15&bucketSeconds=10`, {
        headers: { authorization: `Bearer ${demo.consoleKey}` },
      });
      assert.equal(overview.status, 200);
      const body = (await overview.json()) as { totals: { received: number } };
      assert.ok(body.totals.received > 0);
      // The console (or, unbuilt, the problem saying how to build it) is at /.
      const root = await fetch(`${demo.consoleUrl}/`);
      assert.ok(
        (root.status === 200 && /text\/html/.test(root.headers.get('content-type') ?? '')) ||
          (root.status === 503 && /problem\+json/.test(root.headers.get('content-type') ?? '')),
        `/ answered ${root.status} ${root.headers.get('content-type')}`,
      );
      // An unknown path is still a problem document, not the console's page.
      const unknown = await fetch(`${demo.consoleUrl}/no-such-page`);
      assert.equal(unknown.status, 404);
      assert.match(unknown.headers.get('content-type') ?? '', /application\/problem\+json/);
      const code = await demo.stop();
      stopped = true;
      assert.equal(code, 0, demo.stderr().slice(-2000));
    } finally {
      if (!stopped) await demo.stop();
    }
  });
});
