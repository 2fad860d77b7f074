import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startSandboxErp } from './server.ts';

const entry = fileURLToPath(new URL('./process-main.ts', import.meta.url));

describe('sandbox ERP process entry', () => {
  it('prints its URL as one JSON line, serves, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-erp-process-'));
    const stateFile = join(dir, 'state.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, '--port', '0', '--api-key', 'K-process', '--state-file', stateFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(firstLine) as { url: string };
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const report = await fetch(`${url}/admin/report`, { headers: { authorization: 'Bearer K-process' } });
      assert.equal(report.status, 200);
      const created = await fetch(`${url}/erp/v1/projects`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer K-process',
          'content-type': 'application/json',
          'idempotency-key': 'process-1',
        },
        body: JSON.stringify({
          code: 'PROC-1',
          name: 'Process',
          company: 'LL-US',
          currency: 'USD',
          tax_code: 'exempt',
          billing_method: 'retainer',
        }),
      });
      assert.equal(created.status, 201);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = (await exited) as [number | null, string | null];
      assert.deepEqual({ code, signal }, { code: 0, signal: null });
      assert.match(await readFile(stateFile, 'utf8'), /PROC-1/, 'the state was written on the way out');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps what it acknowledged when killed without warning (SIGKILL)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-erp-kill-'));
    const stateFile = join(dir, 'state.json');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', entry, '--api-key', 'K-kill', '--state-file', stateFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const { url } = JSON.parse(firstLine) as { url: string };
      const created = await fetch(`${url}/erp/v1/projects`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer K-kill',
          'content-type': 'application/json',
          'idempotency-key': 'kill-1',
        },
        body: JSON.stringify({
          code: 'KILL-1',
          name: 'Killed',
          company: 'LL-UK',
          currency: 'GBP',
          tax_code: 'standard',
          billing_method: 'time_and_materials',
        }),
      });
      const { project_id: projectId } = (await created.json()) as { project_id: string };
      await sleep(500); // longer than the write debounce
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      const restarted = await startSandboxErp({ apiKey: 'K-kill', stateFile });
      try {
        assert.equal(restarted.report().projects, 1);
        const again = await fetch(`${restarted.url}/erp/v1/projects/${projectId}`, {
          headers: { authorization: 'Bearer K-kill' },
        });
        assert.equal(((await again.json()) as { code: string }).code, 'KILL-1');
      } finally {
        await restarted.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a usage message when the API key is missing', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(stderr, /--api-key is required/);
  });
});
