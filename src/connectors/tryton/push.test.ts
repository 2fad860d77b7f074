// push against a real Tryton: provisioning, batched time postings and their replay, revisions and
// withdrawals before invoicing, unsupported commands, and a server that is not there.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TargetCommand } from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import { createTrytonConnector } from './connector.ts';
import { billable, cost, provision, revise, type Entry } from './test-support/commands.ts';
import { newDatabase, skipUnlessTryton, type TestDatabase } from './test-support/tryton-db.ts';

const skip = await skipUnlessTryton();

function okId(result: PushResult | undefined): string {
  assert.equal(result?.outcome, 'ok', JSON.stringify(result));
  return result.externalId;
}

type Row = Record<string, unknown> & { id: number };

describe('Tryton connector push', { skip }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await newDatabase('push');
  });
  after(async () => {
    await db.drop();
  });

  test('provisionProject twice answers the same work, the second time replayed', async () => {
    const tryton = db.connector();
    const [first] = await tryton.push([provision('P-PROV')]);
    const [second] = await tryton.push([provision('P-PROV')]);
    assert.equal(okId(second), okId(first));
    assert.deepEqual(
      [first?.outcome === 'ok' && first.replayed, second?.outcome === 'ok' && second.replayed],
      [false, true],
    );
    const rpc = db.rpc();
    const [work] = (await rpc.model(
      'project.work',
      'read',
      [Number(okId(first))],
      ['party', 'project_invoice_method', 'comment'],
    )) as Row[];
    assert.equal(work?.['project_invoice_method'], 'timesheet');
    assert.equal(work?.['comment'], '[ledgerline project:sandbox-psa:P-PROV]');
    const ids = (await rpc.model(
      'party.identifier',
      'search_read',
      [['code', '=', 'customer:sandbox-psa:ACME']],
      0,
      null,
      null,
      ['party'],
    )) as Row[];
    assert.deepEqual(
      ids.map((r) => r['party']),
      [work?.['party']],
    );
  });

  test('300 time entries (300 billable + 300 cost postings) make 300 lines in a few calls and replay as a whole', async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-BULK')]))[0]);
    const entries: Entry[] = Array.from({ length: 300 }, (_, i) => ({
      id: `BULK-${i}`,
      project: 'P-BULK',
      resource: `R${i % 7}`,
      date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
      hours: ['7.25', '1', '0.5', '3.75'][i % 4] ?? '1',
      rate: i % 3 === 0 ? '150.00' : '120.00',
      costRate: `${60 + (i % 7)}.00`,
    }));
    const commands: TargetCommand[] = entries.flatMap((e) => [billable(e, project), cost(e, project)]);
    const callsBefore = tryton.rpcStats.calls;
    const started = performance.now();
    const results = await tryton.push(commands);
    const ms = Math.round(performance.now() - started);
    const calls = tryton.rpcStats.calls - callsBefore;
    process.stderr.write(`# 300 entries (600 postings) in ${ms} ms, ${calls} calls\n`);
    assert.equal(results.length, 600);
    assert.ok(
      results.every((r) => r.outcome === 'ok' && !r.replayed),
      JSON.stringify(results.find((r) => r.outcome !== 'ok')),
    );
    assert.ok(calls <= 15, `${calls} calls`);
    results.forEach((r, i) => {
      if (i % 2 === 1) assert.equal(okId(r), `${okId(results[i - 1])}/cost`);
    });
    const rpc = db.rpc();
    const lines = (await rpc.model(
      'timesheet.line',
      'search_read',
      [['uuid', 'like', 'time:sandbox-psa:BULK-%']],
      0,
      null,
      null,
      ['uuid', 'duration', 'cost_price'],
    )) as Row[];
    assert.equal(lines.length, 300);
    const line7 = lines.find((l) => l['uuid'] === 'time:sandbox-psa:BULK-7');
    assert.deepEqual(line7?.['duration'], { __class__: 'timedelta', seconds: 3.75 * 3600 });
    assert.deepEqual(line7?.['cost_price'], { __class__: 'Decimal', decimal: '60' });

    const replayStarted = performance.now();
    const again = await tryton.push(commands);
    process.stderr.write(
      `# replay of the 600 postings in ${Math.round(performance.now() - replayStarted)} ms\n`,
    );
    assert.ok(again.every((r) => r.outcome === 'ok' && r.replayed));
    assert.deepEqual(again.map(okId), results.map(okId));
    const count = await rpc.model('timesheet.line', 'search_count', [
      ['uuid', 'like', 'time:sandbox-psa:BULK-%'],
    ]);
    assert.equal(count, 300);
  });

  test('two connectors pushing the same postings at once book each entry once (the loser retries, then replays)', async () => {
    const [a, b] = [db.connector(), db.connector()];
    const project = okId((await a.push([provision('P-RACE')]))[0]);
    await b.push([provision('P-RACE')]); // both logged in, so the two pushes below really overlap
    const entries: Entry[] = Array.from({ length: 20 }, (_, i) => ({
      id: `RACE-${i}`,
      project: 'P-RACE',
      resource: 'R1',
      date: '2026-10-07',
      hours: '1',
      rate: '100',
      costRate: '50',
    }));
    const commands = entries.map((e) => billable(e, project));
    const both = await Promise.all([a.push(commands), b.push(commands)]);
    for (const r of both.flat())
      assert.ok(r.outcome === 'ok' || r.reasonCode === 'tryton.concurrent_posting', JSON.stringify(r));
    const outcomes = both
      .flat()
      .map((r) => (r.outcome === 'ok' ? `ok${r.replayed ? '-replayed' : ''}` : r.reasonCode));
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
    process.stderr.write(`# concurrent pushes: ${JSON.stringify(Object.fromEntries(counts))}\n`);
    const retried = await b.push(commands);
    assert.ok(retried.every((r) => r.outcome === 'ok' && r.replayed));
    const count = await db
      .rpc()
      .model('timesheet.line', 'search_count', [['uuid', 'like', 'time:sandbox-psa:RACE-%']]);
    assert.equal(count, 20);
    // Across processes Tryton has no key to stop both from creating the employee or rate task: see README.
  });

  test('overlapping pushes through one connector run one after another: no duplicate employee or task', async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-SERIAL')]))[0]);
    const batch = (from: number) =>
      Array.from({ length: 10 }, (_, i) =>
        billable(
          {
            id: `SER-${from + i}`,
            project: 'P-SERIAL',
            resource: 'R-SER',
            date: '2026-10-08',
            hours: '1',
            rate: '90',
            costRate: '40',
          },
          project,
        ),
      );
    const results = await Promise.all([tryton.push(batch(0)), tryton.push(batch(10)), tryton.push(batch(0))]);
    assert.ok(results.flat().every((r) => r.outcome === 'ok'));
    assert.ok(results[2]?.every((r) => r.outcome === 'ok' && r.replayed));
    const rpc = db.rpc();
    assert.equal(
      await rpc.model('party.identifier', 'search_count', [['code', '=', 'resource:sandbox-psa:R-SER']]),
      1,
    );
    const tasks = [
      ['parent', '=', Number(project)],
      ['comment', '=', '[ledgerline rate 90]'],
    ];
    assert.equal(await rpc.model('project.work', 'search_count', tasks), 1);
  });

  test('a cost without a billable posting books time Tryton will not invoice; a later billable posting moves it', async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-NB')]))[0]);
    const e: Entry = {
      id: 'NB-1',
      project: 'P-NB',
      resource: 'R1',
      date: '2026-10-05',
      hours: '2',
      rate: '100',
      costRate: '50',
    };
    const [costOnly] = await tryton.push([cost(e, project)]);
    const lineId = okId(costOnly).replace('/cost', '');
    const rpc = db.rpc();
    const [work] = (await rpc.model(
      'project.work',
      'read',
      [Number(project)],
      ['amount_to_invoice'],
    )) as Row[];
    assert.deepEqual(work?.['amount_to_invoice'], { __class__: 'Decimal', decimal: '0.00' });
    const [bill] = await tryton.push([billable(e, project)]);
    assert.equal(okId(bill), lineId);
    const [after] = (await rpc.model(
      'project.work',
      'read',
      [Number(project)],
      ['amount_to_invoice'],
    )) as Row[];
    assert.deepEqual(after?.['amount_to_invoice'], { __class__: 'Decimal', decimal: '200.00' });
  });

  test('revise changes hours, rate and cost before invoicing; withdraw deletes, then answers replayed', async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-REV')]))[0]);
    const e: Entry = {
      id: 'REV-1',
      project: 'P-REV',
      resource: 'R2',
      date: '2026-10-06',
      hours: '4',
      rate: '100',
      costRate: '40',
    };
    const lineId = okId((await tryton.push([billable(e, project), cost(e, project)]))[0]);
    const changed = { ...e, hours: '5.5', rate: '110', costRate: '45' };
    const [revised] = await tryton.push([revise(changed, project)]);
    assert.deepEqual(revised, { outcome: 'ok', externalId: lineId, replayed: false });
    const [again] = await tryton.push([revise(changed, project)]);
    assert.deepEqual(again, { outcome: 'ok', externalId: lineId, replayed: true });
    const rpc = db.rpc();
    const [line] = (await rpc.model(
      'timesheet.line',
      'read',
      [Number(lineId)],
      ['duration', 'cost_price'],
    )) as Row[];
    assert.deepEqual(line?.['duration'], { __class__: 'timedelta', seconds: 5.5 * 3600 });
    assert.deepEqual(line?.['cost_price'], { __class__: 'Decimal', decimal: '45' });
    const [work] = (await rpc.model(
      'project.work',
      'read',
      [Number(project)],
      ['amount_to_invoice'],
    )) as Row[];
    assert.deepEqual(work?.['amount_to_invoice'], { __class__: 'Decimal', decimal: '605.00' });

    const withdraw = {
      kind: 'withdrawPostedTime' as const,
      idempotencyKey: 'withdraw:REV-1',
      timeEntryId: 'time:sandbox-psa:REV-1',
      projectId: 'project:sandbox-psa:P-REV',
      projectExternalId: project,
      reason: 'deleted' as const,
    };
    assert.deepEqual(await tryton.push([withdraw]), [{ outcome: 'ok', externalId: lineId, replayed: false }]);
    assert.deepEqual(await tryton.push([withdraw]), [
      { outcome: 'ok', externalId: 'time:sandbox-psa:REV-1', replayed: true },
    ]);
    assert.equal(await rpc.model('timesheet.line', 'search_count', [['id', '=', Number(lineId)]]), 0);
  });

  test('closeProject marks the project done and ends its timesheets on the closing date', async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-CLOSE')]))[0]);
    const close = {
      kind: 'closeProject' as const,
      idempotencyKey: 'close:P-CLOSE',
      projectId: 'project:sandbox-psa:P-CLOSE',
      projectExternalId: project,
      closedDate: '2026-10-31',
    };
    const e: Entry = {
      id: 'CL-1',
      project: 'P-CLOSE',
      resource: 'R1',
      date: '2026-10-30',
      hours: '1',
      rate: '100',
      costRate: '50',
    };
    okId((await tryton.push([billable(e, project)]))[0]);
    assert.deepEqual(await tryton.push([close]), [{ outcome: 'ok', externalId: project, replayed: false }]);
    assert.deepEqual(await tryton.push([close]), [{ outcome: 'ok', externalId: project, replayed: true }]);
    const late = await tryton.push([billable({ ...e, id: 'CL-2', date: '2026-11-02' }, project)]);
    assert.equal(late[0]?.outcome, 'reject');
    assert.equal(late[0]?.outcome === 'reject' && late[0].reasonCode, 'tryton.domain_invalid');
  });

  test('an unsupported command is rejected naming its kind, and the others still run', async () => {
    const tryton = db.connector();
    const results = await tryton.push([
      {
        kind: 'releaseBillingItem',
        idempotencyKey: 'rel-1',
        milestoneId: 'milestone:sandbox-psa:M1',
        billingItemId: 'billing-item:sandbox-psa:B1',
        projectId: 'project:sandbox-psa:P-X',
        projectExternalId: '1',
        amount: { amount: '100.00', currency: 'EUR' },
        description: 'Milestone 1',
      },
      provision('P-AFTER'),
    ]);
    assert.equal(results[0]?.outcome, 'reject');
    assert.equal(results[0]?.outcome === 'reject' && results[0].reasonCode, 'erp.unsupported_command');
    assert.match(results[0]?.outcome === 'reject' ? results[0].message : '', /releaseBillingItem/);
    assert.equal(results[1]?.outcome, 'ok');
  });

  test('amounts Tryton cannot hold are rejected per command; the rest of the batch is booked', async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-AMT')]))[0]);
    const e = (id: string, rate: string): Entry => ({
      id,
      project: 'P-AMT',
      resource: 'R1',
      date: '2026-10-05',
      hours: '1',
      rate,
      costRate: '50',
    });
    const usd = { ...billable(e('AMT-2', '100'), project), rate: { amount: '100', currency: 'USD' } };
    const results = await tryton.push([
      billable(e('AMT-1', '120.12345'), project),
      usd,
      billable(e('AMT-3', '99.5'), project),
    ]);
    assert.deepEqual(
      results.map((r) => (r.outcome === 'reject' ? r.reasonCode : r.outcome)),
      ['tryton.price_precision', 'tryton.currency_mismatch', 'ok'],
    );
  });

  test('a posting for a project Tryton does not hold is rejected', async () => {
    const tryton = db.connector();
    const e: Entry = {
      id: 'NP-1',
      project: 'P-NONE',
      resource: 'R1',
      date: '2026-10-05',
      hours: '1',
      rate: '100',
      costRate: '50',
    };
    const [result] = await tryton.push([billable(e, '999999')]);
    assert.equal(result?.outcome === 'reject' && result.reasonCode, 'tryton.project_not_found');
  });
});

describe('Tryton connector push without a server', () => {
  test('a closed port answers retry for every command and never throws', async () => {
    const tryton = createTrytonConnector({
      system: 'tryton',
      baseUrl: 'http://127.0.0.1:9', // discard port: nothing listens
      database: 'nowhere',
      username: 'admin',
      password: 'x',
      legalEntityId: 'LL-NL',
      timeoutMs: 2000,
    });
    try {
      const e: Entry = {
        id: 'D-1',
        project: 'P',
        resource: 'R',
        date: '2026-10-05',
        hours: '1',
        rate: '1',
        costRate: '1',
      };
      const results = await tryton.push([provision('P-DOWN'), billable(e, '1')]);
      assert.equal(results.length, 2);
      for (const r of results) {
        assert.equal(r.outcome, 'retry');
        assert.equal(r.outcome === 'retry' && r.reasonCode, 'tryton.unreachable');
      }
      await assert.rejects(
        tryton.pull(undefined, 10),
        (e: unknown) => (e as { retryable?: unknown }).retryable === true,
      );
    } finally {
      await tryton.close();
    }
  });
});
