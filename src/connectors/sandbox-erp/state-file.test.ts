import assert from 'node:assert/strict';
import { appendFile, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createSandboxErpConnector } from './connector.ts';
import { startSandboxErp } from './server.ts';
import { API_KEY, billableLine, costPosting, okId, provisioned, provisionProject } from './test-fixtures.ts';

describe('sandbox ERP state file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sandbox-erp-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('survives a restart: records, keys, configuration and counters', async () => {
    const stateFile = join(dir, 'restart.json');
    const first = await startSandboxErp({ apiKey: API_KEY, stateFile });
    const connector = createSandboxErpConnector({
      system: 'sandbox-erp',
      baseUrl: first.url,
      apiKey: API_KEY,
    });
    first.enableTaxCode('LL-DE', 'reverse-charge');
    const projectId = await provisioned(connector, 'STATE-1');
    const [line, cost] = await connector.push([
      billableLine('ST-1', projectId),
      costPosting('ST-1', projectId),
    ]);
    const before = first.report();
    await connector.close();
    await first.close();

    const second = await startSandboxErp({ apiKey: API_KEY, stateFile });
    const again = createSandboxErpConnector({ system: 'sandbox-erp', baseUrl: second.url, apiKey: API_KEY });
    try {
      assert.deepEqual(second.report(), before);
      const replayed = await again.push([billableLine('ST-1', projectId), costPosting('ST-1', projectId)]);
      assert.deepEqual(replayed, [
        { outcome: 'ok', externalId: okId(line), replayed: true },
        { outcome: 'ok', externalId: okId(cost), replayed: true },
      ]);
      const [next] = await again.push([billableLine('ST-2', projectId)]);
      assert.notEqual(okId(next), okId(line), 'sequences continue, ids are never reused');
      const [de] = await again.push([
        provisionProject('STATE-DE', {
          legalEntityId: 'LL-DE',
          currency: 'EUR',
          taxTreatment: 'reverse-charge',
        }),
      ]);
      okId(de);
      assert.equal(second.report().duplicateSourceRefs, 0);
    } finally {
      await again.close();
      await second.close();
    }
  });

  it('writes changes shortly after they happen, without waiting for close', async () => {
    const stateFile = join(dir, 'debounced.json');
    const erp = await startSandboxErp({ apiKey: API_KEY, stateFile });
    const connector = createSandboxErpConnector({ system: 'sandbox-erp', baseUrl: erp.url, apiKey: API_KEY });
    const written = async () =>
      `${await readFile(stateFile, 'utf8').catch(() => '')}${await readFile(`${stateFile}.journal`, 'utf8').catch(() => '')}`;
    try {
      await provisioned(connector, 'DEBOUNCE-1');
      let text = '';
      for (let i = 0; i < 50 && !text.includes('DEBOUNCE-1'); i++) {
        await sleep(50);
        text = await written();
      }
      assert.match(text, /DEBOUNCE-1/);
    } finally {
      await connector.close();
      await erp.close();
    }
  });

  it('recovers what a crash left: the snapshot plus the journal, ignoring a torn last line', async () => {
    const stateFile = join(dir, 'live.json');
    const crashed = join(dir, 'crashed.json');
    const erp = await startSandboxErp({ apiKey: API_KEY, stateFile });
    const connector = createSandboxErpConnector({ system: 'sandbox-erp', baseUrl: erp.url, apiKey: API_KEY });
    try {
      const projectId = await provisioned(connector, 'CRASH-1');
      await erp.flush(); // the first write is a snapshot
      await connector.push([billableLine('CR-1', projectId)]);
      await erp.flush(); // later ones are journal lines
      await connector.push([costPosting('CR-1', projectId)]);
      await erp.flush();
      // Freeze the files as a crash would leave them, with a half-written append at the end.
      await copyFile(stateFile, crashed);
      await copyFile(`${stateFile}.journal`, `${crashed}.journal`);
      await appendFile(`${crashed}.journal`, '{"generation":1,"projects":[{"proj');
      const live = erp.report();
      const recovered = await startSandboxErp({ apiKey: API_KEY, stateFile: crashed });
      const later = createSandboxErpConnector({
        system: 'sandbox-erp',
        baseUrl: recovered.url,
        apiKey: API_KEY,
      });
      try {
        assert.deepEqual(recovered.report(), live);
        // It carries on journaling after recovery, and a second crash loses nothing either.
        okId((await later.push([billableLine('CR-2', projectId)]))[0]);
        await recovered.flush();
        await copyFile(crashed, join(dir, 'crashed-twice.json'));
        await copyFile(`${crashed}.journal`, join(dir, 'crashed-twice.json.journal'));
        const twice = await startSandboxErp({ apiKey: API_KEY, stateFile: join(dir, 'crashed-twice.json') });
        assert.deepEqual(twice.report(), recovered.report());
        await twice.close();
      } finally {
        await later.close();
        await recovered.close();
      }
      // Closing folded the journal into a new snapshot: the journal is gone, the state is whole.
      await assert.rejects(readFile(`${crashed}.journal`, 'utf8'), { code: 'ENOENT' });
      const reopened = await startSandboxErp({ apiKey: API_KEY, stateFile: crashed });
      assert.equal(reopened.report().billingLines.count, live.billingLines.count + 1);
      await reopened.close();
    } finally {
      await connector.close();
      await erp.close();
    }
  });

  it('refuses to start from a file that is not its state', async () => {
    const stateFile = join(dir, 'corrupt.json');
    await writeFile(stateFile, '{"format":"something else"}');
    await assert.rejects(startSandboxErp({ apiKey: API_KEY, stateFile }), /not a sandbox ERP state/);
    await writeFile(stateFile, '{"format":');
    await assert.rejects(startSandboxErp({ apiKey: API_KEY, stateFile }), /not JSON/);
    const journalOnly = join(dir, 'journal-only.json');
    await writeFile(`${journalOnly}.journal`, 'garbage\n{"generation":0}\n');
    await assert.rejects(startSandboxErp({ apiKey: API_KEY, stateFile: journalOnly }), /line 1 is not JSON/);
  });
});
