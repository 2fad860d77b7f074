// A business error an operator fixes in Tryton: time dated after the employee's end date. Tryton refuses
// the timesheet line (the employee field's domain); the push rejects that entry with Tryton's message and
// books the rest of the batch; once the operator moves the end date in Tryton, the same push books it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PushResult } from '../kit/connector.ts';
import { toDate } from './codec.ts';
import { billable, cost, provision, type Entry } from './test-support/commands.ts';
import { newDatabase, skipUnlessTryton, type TestDatabase } from './test-support/tryton-db.ts';

const skip = await skipUnlessTryton();

function okId(result: PushResult | undefined): string {
  assert.equal(result?.outcome, 'ok', JSON.stringify(result));
  return result.externalId;
}

describe('a Tryton business error on the posting path, fixed in Tryton, then pushed again', { skip }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await newDatabase('bizerr');
  });
  after(async () => {
    await db.drop();
  });

  test("time after the employee's end date is rejected with Tryton's message until the end date moves", async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-ERR')]))[0]);
    const leaver: Entry = {
      id: 'ERR-1',
      project: 'P-ERR',
      resource: 'R-LEFT',
      date: '2026-10-01',
      hours: '2',
      rate: '100',
      costRate: '50',
    };
    okId((await tryton.push([billable(leaver, project)]))[0]);

    // The operator records in Tryton that the employee left on 15 October.
    const rpc = db.rpc();
    const [identifier] = (await rpc.model(
      'party.identifier',
      'search_read',
      [['code', '=', 'resource:sandbox-psa:R-LEFT']],
      0,
      1,
      null,
      ['party'],
    )) as { party: number }[];
    const [employee] = (await rpc.model(
      'company.employee',
      'search',
      [['party', '=', identifier?.party]],
      0,
      1,
      null,
    )) as number[];
    await rpc.model('company.employee', 'write', [employee], { end_date: toDate('2026-10-15') });

    const late: Entry = { ...leaver, id: 'ERR-2', date: '2026-10-20' };
    const other: Entry = { ...leaver, id: 'ERR-3', resource: 'R-STAYS', date: '2026-10-20' };
    const batch = [
      billable(late, project),
      cost(late, project),
      billable(other, project),
      cost(other, project),
    ];
    const refused = await tryton.push(batch);
    for (const result of refused.slice(0, 2)) {
      assert.equal(result.outcome, 'reject', JSON.stringify(result));
      assert.equal(result.outcome === 'reject' && result.reasonCode, 'tryton.domain_invalid');
      const message = result.outcome === 'reject' ? result.message : '';
      assert.match(
        message,
        /The value for field "Employee" in "Timesheet Line" is not valid according to its domain/,
      );
      assert.match(
        message,
        /time entry time:sandbox-psa:ERR-2 \(resource resource:sandbox-psa:R-LEFT, 2026-10-20/,
      );
    }
    assert.deepEqual(
      refused.slice(2).map((r) => r.outcome),
      ['ok', 'ok'],
    );

    // The operator corrects the end date; the pipeline's retry of the same commands now books the time.
    await rpc.model('company.employee', 'write', [employee], { end_date: toDate('2026-10-31') });
    const fixed = await tryton.push(batch);
    assert.deepEqual(
      fixed.map((r) => r.outcome === 'ok' && r.replayed),
      [false, false, true, true],
    );
    const lineId = okId(fixed[0]);
    assert.equal(okId(fixed[1]), `${lineId}/cost`);
  });
});
