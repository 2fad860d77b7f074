// Tryton as the system of record of accounting periods and exchange rates, and as a target that honours
// a posting's booking (its posting date, its conversion into the company currency), against the real
// server. Months are of the current year: the template's fiscal years run from last year to next year.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountingPeriod, CanonicalEvent } from '../../contracts/index.ts';
import type { PushResult } from '../kit/connector.ts';
import { MapMemory } from '../../../test/support/map-memory.ts';
import { fromDate, fromDecimal, type WireDate, type WireDecimal } from './codec.ts';
import type { TrytonConnector } from './connector.ts';
import { billable, booking, cost, provision, revise, type Entry } from './test-support/commands.ts';
import { closePeriod, enterRates, reopenPeriod } from './test-support/operator.ts';
import { newDatabase, skipUnlessTryton, type TestDatabase } from './test-support/tryton-db.ts';

const skip = await skipUnlessTryton();
const year = String(new Date().getUTCFullYear());

const isPeriod = (e: CanonicalEvent) => e.type === 'io.ledgerline.accounting-period.changed.v1';
const isRate = (e: CanonicalEvent) => e.type === 'io.ledgerline.fx-rate.published.v1';

/** Every page after `cursor`, saving each page's `remember` into `memory` as the pipeline does. */
async function pullAll(tryton: TrytonConnector, cursor: string | undefined, memory?: MapMemory) {
  const events: CanonicalEvent[] = [];
  let next = cursor;
  for (;;) {
    const page = await tryton.pull(next, 10);
    events.push(...page.events);
    memory?.save(page);
    if (page.nextCursor !== undefined) next = page.nextCursor;
    if (!page.hasMore) return { events, cursor: next };
  }
}

function okId(result: PushResult | undefined): string {
  assert.equal(result?.outcome, 'ok', JSON.stringify(result));
  return result.externalId;
}

interface Line {
  uuid: string;
  date: WireDate;
  description: string;
  cost_price: WireDecimal;
}

describe('Tryton periods and rates as a source; bookings in Tryton', { skip }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await newDatabase('finance');
  });
  after(async () => {
    await db.drop();
  });

  test('every standard month once, then only the close and the reopening; the same ids on a re-read', async () => {
    const memory = new MapMemory();
    const tryton = db.connector({ memory });
    const first = await pullAll(tryton, undefined, memory);
    const periods = first.events.filter(isPeriod);
    // Three fiscal years of twelve monthly periods, all open.
    assert.equal(periods.length, 36);
    assert.ok(periods.every((e) => e.data.status === 'open'));
    const march = periods.find((e) => e.subject === `accounting-period:tryton:LL-NL-${year}-03`);
    assert.deepEqual(march?.data, { legalEntityId: 'LL-NL', period: `${year}-03`, status: 'open' });
    assert.equal(march.source, 'tryton');
    assert.deepEqual(await tryton.pull(first.cursor, 10), {
      events: [],
      nextCursor: undefined,
      hasMore: false,
    });

    const rpc = db.rpc();
    await closePeriod(rpc, `${year}-03`);
    const closed = await pullAll(tryton, first.cursor, memory);
    assert.deepEqual(
      closed.events.map((e) => [e.subject, (e.data as AccountingPeriod).status]),
      [[`accounting-period:tryton:LL-NL-${year}-03`, 'closed']],
    );
    // Without a memory every fact comes again, under the ids the first statement used.
    const restated = await pullAll(db.connector(), undefined);
    assert.ok(restated.events.some((e) => e.id === closed.events[0]?.id));
    assert.ok(restated.events.some((e) => e.id === periods[0]?.id));
    assert.ok(!restated.events.some((e) => e.id === march.id), 'march is closed now: its open fact is gone');

    await reopenPeriod(rpc, `${year}-03`);
    const reopened = await pullAll(tryton, closed.cursor, memory);
    assert.deepEqual(
      reopened.events.map((e) => (e.data as AccountingPeriod).status),
      ['open'],
    );
    assert.notEqual(reopened.events[0]?.id, march.id, 'reopened is a new change, not the first statement');
  });

  test('rates into EUR from the rates against the base: rate(EUR) / rate(USD) on each date', async () => {
    const memory = new MapMemory();
    const tryton = db.connector({ memory });
    const start = await pullAll(tryton, undefined, memory);
    assert.deepEqual(start.events.filter(isRate), [], 'the template has rates for EUR only');
    const rpc = db.rpc();
    // 1 EUR = 1.25 USD from the 1st of October, 1.10 USD from the 16th.
    await enterRates(rpc, 'USD', [
      { date: `${year}-10-01`, rate: '1.25' },
      { date: `${year}-10-16`, rate: '1.1' },
    ]);
    const rates = (await pullAll(tryton, start.cursor, memory)).events;
    assert.deepEqual(
      rates.map((e) => [e.subject, e.data]),
      [
        [
          `fx-rate:tryton:USD-EUR-${year}-10-01`,
          {
            from: 'USD',
            to: 'EUR',
            effectiveFrom: `${year}-10-01`,
            rate: '0.8',
            source: 'Tryton currency.currency.rate',
          },
        ],
        [
          `fx-rate:tryton:USD-EUR-${year}-10-16`,
          // 1 / 1.1 = 0.90909090909|09..., half-up at the 10th digit
          {
            from: 'USD',
            to: 'EUR',
            effectiveFrom: `${year}-10-16`,
            rate: '0.9090909091',
            source: 'Tryton currency.currency.rate',
          },
        ],
      ],
    );
    // The base moves (EUR 1.1 from the 20th): USD -> EUR is 1.1 / 1.1 = 1 from then on, the rest unchanged.
    await enterRates(rpc, 'EUR', [{ date: `${year}-10-20`, rate: '1.1' }]);
    const moved = (await pullAll(tryton, undefined, memory)).events.filter(isRate);
    assert.deepEqual(
      moved.map((e) => [e.data.effectiveFrom, e.data.rate]),
      [[`${year}-10-20`, '1']],
    );
  });

  test("time is dated on the posting date with its work date kept; a USD cost rate costs at the booking's rate", async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-FIN')]))[0]);
    const entry = (id: string, resource: string, date: string, hours: string): Entry => ({
      id,
      project: 'P-FIN',
      resource,
      date,
      hours,
      rate: '100.00',
      costRate: '55.00',
    });
    // Worked on the 14th of September, that month closed, rolled to the 1st of October (next-open).
    const rolled = entry('FIN-1', 'R-EUR', `${year}-09-14`, '2');
    const rolledBooking = booking({
      postingDate: `${year}-10-01`,
      functional: '200.00',
      rateDate: `${year}-09-14`,
    });
    // A consultant costed in USD: 80 USD/h. 7.5 h at 0.8 = 480.00 EUR (64 EUR/h); 6 h at 0.9090909091:
    // 480.00 USD x 0.9090909091 = 436.3636363680 -> 436.36 EUR booked; Tryton's price 80 x 0.9090909091 =
    // 72.727272728 -> 72.7273 EUR/h, and 6 h x 72.7273 = 436.3638 -> 436.36.
    const before = entry('FIN-2', 'R-USD', `${year}-10-10`, '7.5');
    const afterChange = entry('FIN-3', 'R-USD', `${year}-10-20`, '6');
    const usd = (amount: string) => ({ amount, currency: 'USD' });
    const results = await tryton.push([
      { ...billable(rolled, project), booking: rolledBooking },
      { ...cost(rolled, project), amount: { amount: '110.00', currency: 'EUR' }, booking: rolledBooking },
      {
        ...cost(before, project),
        costRate: usd('80.00'),
        amount: usd('600.00'),
        booking: booking({
          postingDate: before.date,
          functional: '480.00',
          rate: '0.8',
          rateDate: `${year}-10-01`,
        }),
      },
      {
        ...cost(afterChange, project),
        costRate: usd('80.00'),
        amount: usd('480.00'),
        booking: booking({
          postingDate: afterChange.date,
          functional: '436.36',
          rate: '0.9090909091',
          rateDate: `${year}-10-16`,
        }),
      },
    ]);
    results.forEach((r) => okId(r));
    const lines = (await db
      .rpc()
      .model(
        'timesheet.line',
        'search_read',
        [['uuid', 'like', 'time:sandbox-psa:FIN-%']],
        0,
        null,
        [['uuid', 'ASC']],
        ['uuid', 'date', 'description', 'cost_price'],
      )) as Line[];
    assert.deepEqual(
      lines.map((l) => [l.uuid, fromDate(l.date), l.description, fromDecimal(l.cost_price)]),
      [
        [
          'time:sandbox-psa:FIN-1',
          `${year}-10-01`,
          `[time:sandbox-psa:FIN-1] [worked ${year}-09-14] Work FIN-1`,
          '55',
        ],
        ['time:sandbox-psa:FIN-2', `${year}-10-10`, '[time:sandbox-psa:FIN-2]', '64'],
        ['time:sandbox-psa:FIN-3', `${year}-10-20`, '[time:sandbox-psa:FIN-3]', '72.7273'],
      ],
    );

    // Without a conversion, a USD cost rate cannot become a Tryton price.
    const [unconverted] = await tryton.push([
      { ...cost(entry('FIN-4', 'R-USD', `${year}-10-21`, '1'), project), costRate: usd('80.00') },
    ]);
    assert.equal(unconverted?.outcome === 'reject' && unconverted.reasonCode, 'tryton.currency_mismatch');
  });

  test('a line to book in a period Tryton holds closed is refused period_closed; one booked before replays', async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-CLOSE')]))[0]);
    const entry = (id: string, day: string): Entry => ({
      id,
      project: 'P-CLOSE',
      resource: 'R-1',
      date: `${year}-06-${day}`,
      hours: '3',
      rate: '90.00',
      costRate: '45.00',
    });
    const booked = entry('CL-1', '10');
    okId((await tryton.push([billable(booked, project), cost(booked, project)]))[0]);
    const rpc = db.rpc();
    await closePeriod(rpc, `${year}-06`);
    try {
      const replay = await tryton.push([billable(booked, project), cost(booked, project)]);
      assert.deepEqual(
        replay.map((r) => r.outcome === 'ok' && r.replayed),
        [true, true],
      );
      const late = entry('CL-2', '12');
      const [refused, refusedCost] = await tryton.push([billable(late, project), cost(late, project)]);
      assert.equal(refused?.outcome === 'reject' && refused.reasonCode, 'period_closed');
      assert.equal(refusedCost?.outcome === 'reject' && refusedCost.reasonCode, 'period_closed');
      assert.match(
        refused?.outcome === 'reject' ? refused.message : '',
        new RegExp(`would change Tryton's books on ${year}-06-12, in period "${year}-06" .* which is closed`),
      );
      const [revised] = await tryton.push([revise({ ...booked, hours: '4' }, project)]);
      assert.equal(revised?.outcome === 'reject' && revised.reasonCode, 'period_closed');
      // A revision the line already matches writes nothing: answered, not refused.
      const [same] = await tryton.push([revise(booked, project)]);
      assert.equal(same?.outcome === 'ok' && same.replayed, true, JSON.stringify(same));
    } finally {
      await reopenPeriod(rpc, `${year}-06`);
    }
    const late = entry('CL-2', '12');
    okId((await tryton.push([billable(late, project), cost(late, project)]))[0]);
  });

  test("Tryton's own refusal to post an invoice into a closed period is period_closed", async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-INVCL')]))[0]);
    const today = new Date().toISOString().slice(0, 10);
    const work: Entry = {
      id: 'INVCL-1',
      project: 'P-INVCL',
      resource: 'R-1',
      date: today,
      hours: '1',
      rate: '90.00',
      costRate: '45.00',
    };
    okId((await tryton.push([billable(work, project), cost(work, project)]))[0]);
    const rpc = db.rpc();
    // Invoices are dated today, in this month's period: closed, Tryton finds no open period to post in.
    await closePeriod(rpc, today.slice(0, 7));
    try {
      await assert.rejects(
        tryton.invoiceProjects({ projectExternalIds: [project], post: true }),
        (error: unknown) => {
          const failure = (error as { failure?: { reasonCode: string; message: string } }).failure;
          assert.equal(failure?.reasonCode, 'period_closed');
          assert.match(failure.message, /you must create a period for the date .* is closed\)$/);
          return true;
        },
      );
    } finally {
      await reopenPeriod(rpc, today.slice(0, 7));
    }
  });
});
