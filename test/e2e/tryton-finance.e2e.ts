// Finance reference data from Tryton, end to end: Redmine (PSA) -> Ledgerline (`ledgerline serve`, a
// child process) -> Tryton (ERP), all real. Finance closes last month's period in Tryton; Ledgerline reads
// the close from Tryton and books approved time dated in it by the configured policy: hold (parked until
// finance reopens the period, then booked on its work date), next-open (booked on the 1st of this month,
// the work date kept on the line) or reject (a dead letter `period_closed`, booked once the period is
// reopened and the letter retried). And Tryton's USD rates (against its EUR base) price the time of a
// consultant costed in USD in EUR at the rate in force on each work date, either side of a rate change.
// Each scenario has its own Tryton database, Redmine project and Ledgerline store.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { redmineProbe } from '../../src/connectors/redmine/test-support/redmine-admin.ts';
import { skipUnlessTryton } from '../../src/connectors/tryton/test-support/tryton-db.ts';
import { closePeriod, enterRates, reopenPeriod } from '../../src/connectors/tryton/test-support/operator.ts';
import { runCli } from '../support/child-service.ts';
import { skipUnlessUp } from '../support/real-system.ts';
import { commandsAbout } from '../support/store-peek.ts';
import { FinanceWorld, type EventState } from './support/finance-world.ts';

const skip = (await skipUnlessUp(redmineProbe)) || (await skipUnlessTryton());

// Dates relative to today (UTC), inside the Redmine connector's 60-day look-back window.
const thisMonth = new Date().toISOString().slice(0, 7);
const lastMonth = (() => {
  const [year = 0, month = 0] = thisMonth.split('-').map(Number);
  return month === 1 ? `${String(year - 1)}-12` : `${String(year)}-${String(month - 1).padStart(2, '0')}`;
})();
const today = new Date().toISOString().slice(0, 10);

describe(
  'a closed period in Tryton, policy hold: parked until finance reopens it',
  { skip, timeout: 10 * 60_000 },
  () => {
    let world: FinanceWorld;
    before(async () => {
      world = await FinanceWorld.open('hold', {
        policy: 'hold',
        billRate: '120.00',
        costRate: '55.00',
        costCurrency: 'EUR',
      });
    });
    after(async () => {
      await world.close();
    });

    it('holds time dated in the closed month, books it on its work date once the month reopens', async () => {
      await closePeriod(world.rpc, lastMonth);
      await world.start();
      await world.periodKnown(lastMonth, 'closed');

      const late = await world.approve(`${lastMonth}-15`, '3');
      const current = await world.approve(today, '2');
      // Time of an open month goes through meanwhile.
      assert.equal((await world.booked(current)).date, today);
      // Parked, waiting for the period's next change. What was seen is asserted at the end, so the rest of
      // the scenario (booked once reopened) is checked whatever the state shows.
      let seen: EventState | undefined;
      const parked = await world
        .until(`${late} parked`, async () => {
          [seen] = await world.eventsAbout(late);
          return seen?.state === 'parked' ? seen : undefined;
        })
        .catch(() => undefined);
      assert.equal(
        await world.line(late),
        undefined,
        'nothing is booked in Tryton while the period is closed',
      );

      await reopenPeriod(world.rpc, lastMonth);
      const line = await world.booked(late);
      // 3 h at the cost rate of 55.00 EUR/h, on the work date: the period is open again.
      assert.deepEqual(line, {
        date: `${lastMonth}-15`,
        hours: '3',
        description: `[${late}] Finance work 1`,
        costPrice: '55',
      });
      await world.until(
        `${late} completed`,
        async () => (await world.eventsAbout(late))[0]?.state === 'completed',
      );
      assert.ok(
        parked,
        `while ${lastMonth} was closed, ${late} showed state "${seen?.state ?? 'none'}" (reason ${String(seen?.reason)}), not "parked"`,
      );
      assert.equal(parked.reasonCode, 'parked.awaiting_dependency');
      assert.equal(
        parked.reason,
        `awaiting AccountingPeriodChanged: LL-NL ${lastMonth} is closed (policy hold)`,
      );
    });
  },
);

describe(
  'a closed period in Tryton, policy next-open: booked on the 1st of the next open month',
  { skip, timeout: 10 * 60_000 },
  () => {
    let world: FinanceWorld;
    before(async () => {
      world = await FinanceWorld.open('nextopen', {
        policy: 'next-open',
        billRate: '120.00',
        costRate: '62.50',
        costCurrency: 'EUR',
      });
    });
    after(async () => {
      await world.close();
    });

    it('dates the line on the 1st of this month and keeps the work date on it', async () => {
      await closePeriod(world.rpc, lastMonth);
      await world.start();
      await world.periodKnown(lastMonth, 'closed');

      const late = await world.approve(`${lastMonth}-15`, '4');
      const line = await world.booked(late);
      assert.deepEqual(line, {
        date: `${thisMonth}-01`,
        hours: '4',
        description: `[${late}] [worked ${lastMonth}-15] Finance work 1`,
        costPrice: '62.5',
      });
      // What Ledgerline sent: the booking names the posting date and the rate date (the work date's).
      const cost = commandsAbout(world.store, late, 'tryton').find((c) => c.kind === 'postCost');
      assert.deepEqual(cost?.kind === 'postCost' && cost.booking, {
        postingDate: `${thisMonth}-01`,
        functional: { amount: '250.00', currency: 'EUR' }, // 4 h x 62.50
        rate: '1',
        rateDate: `${lastMonth}-15`,
        source: 'same currency',
      });
    });
  },
);

describe(
  'a closed period in Tryton, policy reject: a dead letter period_closed, booked after reopening and a retry',
  { skip, timeout: 10 * 60_000 },
  () => {
    let world: FinanceWorld;
    before(async () => {
      world = await FinanceWorld.open('reject', {
        policy: 'reject',
        billRate: '120.00',
        costRate: '48.00',
        costCurrency: 'EUR',
      });
    });
    after(async () => {
      await world.close();
    });

    it('lists the refusal in `ledgerline dlq list`, books nothing, and books it once reopened and retried', async () => {
      await closePeriod(world.rpc, lastMonth);
      await world.start();
      await world.periodKnown(lastMonth, 'closed');

      const late = await world.approve(`${lastMonth}-15`, '1.5');
      interface Letter {
        id: number;
        reasonCode: string;
        subject: string;
        message: string;
      }
      const letter = await world.until('the dead letter in `ledgerline dlq list`', async () => {
        const listed = await runCli(['dlq', 'list', '--db', world.store, '--json']);
        assert.equal(listed.code, 0, listed.stderr);
        return (JSON.parse(listed.stdout) as Letter[]).find((d) => d.subject === late);
      });
      assert.equal(letter.reasonCode, 'period_closed');
      assert.match(
        letter.message,
        new RegExp(`dated ${lastMonth}-15, in LL-NL's closed period ${lastMonth}`),
      );
      assert.equal(await world.line(late), undefined);

      // Finance reopens the month; once Ledgerline has read it, the operator retries the letter.
      await reopenPeriod(world.rpc, lastMonth);
      await world.periodKnown(lastMonth, 'open');
      const retried = await runCli(['dlq', 'retry', String(letter.id), '--db', world.store]);
      assert.equal(retried.code, 0, retried.stderr);
      assert.deepEqual(await world.booked(late), {
        date: `${lastMonth}-15`,
        hours: '1.5',
        description: `[${late}] Finance work 1`,
        costPrice: '48',
      });
    });
  },
);

describe(
  "Tryton's USD rates price a USD cost rate in EUR at each work date's rate",
  { skip, timeout: 10 * 60_000 },
  () => {
    let world: FinanceWorld;
    before(async () => {
      world = await FinanceWorld.open('fx', {
        policy: 'hold',
        billRate: '100.00',
        costRate: '80.00', // USD per hour: the Redmine connector reads Cost rate in USD
        costCurrency: 'USD',
      });
    });
    after(async () => {
      await world.close();
    });

    it('books each entry at the rate in force on its date, either side of the rate change', async () => {
      // Tryton's rates against its base (EUR, rate 1): 1 EUR = 1.25 USD from the 1st, 1.10 USD from the 16th.
      // Into EUR: 1 / 1.25 = 0.8 and 1 / 1.1 = 0.9090909091 (half-up at the 10th digit).
      await enterRates(world.rpc, 'USD', [
        { date: `${lastMonth}-01`, rate: '1.25' },
        { date: `${lastMonth}-16`, rate: '1.1' },
      ]);
      await world.start();
      await world.rateKnown('USD', `${lastMonth}-01`, '0.8');
      await world.rateKnown('USD', `${lastMonth}-16`, '0.9090909091');
      const before = await world.approve(`${lastMonth}-10`, '7.5');
      const after = await world.approve(`${lastMonth}-20`, '6');
      const sameDay = await world.approve(`${lastMonth}-20`, '1');

      // Booked by Ledgerline (functional = USD amount x rate, rounded to the cent):
      //   7.5 h x 80 = 600.00 USD x 0.8          = 480.00 EUR
      //   6 h x 80   = 480.00 USD x 0.9090909091 = 436.3636363680 -> 436.36 EUR
      //   1 h x 80   =  80.00 USD x 0.9090909091 =  72.727272728  ->  72.73 EUR
      const booking = (entry: string) => {
        const cost = commandsAbout(world.store, entry, 'tryton').find((c) => c.kind === 'postCost');
        return cost?.kind === 'postCost' ? cost.booking : undefined;
      };
      // In Tryton, an hourly cost price in EUR per employee and date: 80 x 0.8 = 64; 80 x 0.9090909091 =
      // 72.727272728 -> 72.7273 (4 price digits), the same for both entries of the 20th. The line costs
      // 7.5 x 64 = 480.00, 6 x 72.7273 = 436.3638 -> 436.36 and 1 x 72.7273 -> 72.73 EUR.
      const expected = [
        {
          entry: before,
          date: `${lastMonth}-10`,
          hours: '7.5',
          price: '64',
          rate: '0.8',
          rateDate: `${lastMonth}-01`,
          functional: '480.00',
        },
        {
          entry: after,
          date: `${lastMonth}-20`,
          hours: '6',
          price: '72.7273',
          rate: '0.9090909091',
          rateDate: `${lastMonth}-16`,
          functional: '436.36',
        },
        {
          entry: sameDay,
          date: `${lastMonth}-20`,
          hours: '1',
          price: '72.7273',
          rate: '0.9090909091',
          rateDate: `${lastMonth}-16`,
          functional: '72.73',
        },
      ];
      for (const e of expected) {
        const line = await world.booked(e.entry);
        assert.deepEqual([line.date, line.hours, line.costPrice], [e.date, e.hours, e.price], e.entry);
        assert.equal(centsOf(e.hours, line.costPrice), e.functional, `${e.entry}: hours x Tryton's price`);
        assert.deepEqual(booking(e.entry), {
          postingDate: e.date,
          functional: { amount: e.functional, currency: 'EUR' },
          rate: e.rate,
          rateDate: e.rateDate,
          source: 'Tryton currency.currency.rate',
        });
      }
    });
  },
);

/** hours x price rounded half-up to the cent, exactly (hours 2 decimals, price 4). */
function centsOf(hours: string, price: string): string {
  const scaled = (d: string, digits: number) => {
    const [whole = '0', frac = ''] = d.split('.');
    return BigInt(whole) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
  };
  const exact = scaled(hours, 2) * scaled(price, 4); // 1e-6
  const cents = (exact + 5_000n) / 10_000n;
  return `${String(cents / 100n)}.${String(cents % 100n).padStart(2, '0')}`;
}
