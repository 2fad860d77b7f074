// The sandbox CRM as its own process: the JSON line with its URL, a clean stop, and usage errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testSecret } from './test-support/http.ts';

const entry = fileURLToPath(new URL('./process-main.ts', import.meta.url));

async function exitOf(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('sandbox CRM process entry', () => {
  it('prints its URL as one JSON line, serves with its API key, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, '--port', '0', '--api-key', 'K-process', '--webhook-secret', testSecret],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(firstLine) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const authorized = { authorization: 'Bearer K-process' };
      assert.equal((await fetch(`${url}/crm/v2/deal-events`)).status, 401);
      const feed = await fetch(`${url}/crm/v2/deal-events`, { headers: authorized });
      assert.deepEqual(await feed.json(), { data: [], has_more: false, next_cursor: null });
      const subscribed = await fetch(`${url}/crm/v2/webhooks`, {
        method: 'POST',
        headers: { ...authorized, 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'http://127.0.0.1:9/hooks' }),
      });
      assert.equal(((await subscribed.json()) as { secret: string }).secret, testSecret);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = (await exited) as [number | null, string | null];
      assert.deepEqual({ code, signal }, { code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 with a usage message on bad arguments', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', '0'], /--api-key is required/],
      [['--api-key', 'K', '--webhook-secret', 'not-a-secret'], /webhook secret must be "whsec_"/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await exitOf(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, pattern);
      assert.match(stderr, /usage: process-main\.ts --api-key K/);
    }
  });
});
