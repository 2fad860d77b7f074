// The sandbox PSA as its own process: the JSON line with its URL, seeding and writes over HTTP, a clean
// stop that writes the state file, and usage errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { requestJson, testSecret } from './test-support/http.ts';
import { tinyFirm } from './test-support/tiny-firm.ts';

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

describe('sandbox PSA process entry', () => {
  it('prints its URL as one JSON line, takes a firm and a client write, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-psa-process-'));
    const stateFile = join(dir, 'state.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, '--port', '0', '--webhook-secret', testSecret, '--state-file', stateFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(firstLine) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const seeded = await requestJson('POST', `${url}/admin/seed`, tinyFirm());
      assert.equal(seeded.status, 200);
      const client = await fetch(`${url}/api/v2/clients/customer:sandbox-erp:CU-1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'idempotency-key': '"process-1"' },
        body: JSON.stringify({ name: 'Process client', active: true }),
      });
      assert.equal(client.status, 201);
      const report = await requestJson('GET', `${url}/admin/report`);
      assert.deepEqual((report.body as { clients: unknown }).clients, { count: 1, fromErp: 1 });
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = (await exited) as [number | null, string | null];
      assert.deepEqual({ code, signal }, { code: 0, signal: null });
      assert.match(
        await readFile(stateFile, 'utf8'),
        /Process client/,
        'the state was written on the way out',
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a usage message on bad arguments', async () => {
    const cases: [string[], RegExp][] = [
      [['--port', '0'], /--webhook-secret is required/],
      [['--webhook-secret', 'not-a-secret'], /webhook secret must be "whsec_"/],
      [['--webhook-secret', testSecret, '--port', '70000'], /--port must be an integer/],
      [['--webhook-secret', testSecret, '--api-key', 'K'], /Unknown option '--api-key'/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await exitOf(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, pattern);
      assert.match(stderr, /usage: process-main\.ts --webhook-secret/);
    }
  });
});
