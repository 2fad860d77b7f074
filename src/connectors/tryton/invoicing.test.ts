// Tryton's own project invoicing on time Ledgerline posted, then Tryton as a source: the invoice (with the
// time entries each line bills) and its payment come back as canonical events, once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CanonicalEvent, IssuedInvoice, Payment } from '../../contracts/index.ts';
import type { PushResult } from '../kit/connector.ts';
import { hoursToTimedelta, toDate, toDecimal } from './codec.ts';
import type { TrytonConnector } from './connector.ts';
import { billable, cost, provision, revise, type Entry } from './test-support/commands.ts';
import { payInvoice } from './test-support/operator.ts';
import { newDatabase, skipUnlessTryton, type TestDatabase } from './test-support/tryton-db.ts';

const skip = await skipUnlessTryton();

function okId(result: PushResult | undefined): string {
  assert.equal(result?.outcome, 'ok', JSON.stringify(result));
  return result.externalId;
}

/**
 * What Tryton invoices: one line per rate, Σ hours × rate rounded half-even to the cent (Currency.round),
 * computed here by integer arithmetic (hours have 2 decimals, rates whole cents).
 */
function expectedTotal(entries: readonly Entry[]): string {
  const hundredths = (s: string) => {
    const [w = '0', f = ''] = s.split('.');
    return BigInt(w) * 100n + BigInt(f.padEnd(2, '0'));
  };
  const byRate = new Map<bigint, bigint>();
  for (const e of entries)
    byRate.set(hundredths(e.rate), (byRate.get(hundredths(e.rate)) ?? 0n) + hundredths(e.hours));
  let cents = 0n;
  for (const [rate, hours] of byRate) {
    const exact = rate * hours; // in 1/10000 of the currency unit
    const [whole, rest] = [exact / 100n, exact % 100n];
    cents += rest > 50n || (rest === 50n && whole % 2n === 1n) ? whole + 1n : whole;
  }
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** Invoices and payments only: the periods and rates the same feed states are finance.test.ts's. */
const money = (e: CanonicalEvent) =>
  e.type === 'io.ledgerline.invoice.issued.v1' || e.type === 'io.ledgerline.payment.received.v1';

async function pullAll(tryton: TrytonConnector, cursor: string | undefined) {
  const events: CanonicalEvent[] = [];
  let next = cursor;
  for (;;) {
    const page = await tryton.pull(next, 2);
    events.push(...page.events.filter(money));
    if (page.nextCursor !== undefined) next = page.nextCursor;
    if (!page.hasMore) return { events, cursor: next };
  }
}

describe('Tryton project invoicing and invoices as a source', { skip }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await newDatabase('invoicing');
  });
  after(async () => {
    await db.drop();
  });

  test('invoice = Σ hours × rate; invoiced time cannot be revised or withdrawn; pull maps it once, then its payment', async () => {
    const tryton = db.connector();
    const project = okId((await tryton.push([provision('P-INV', 'GLOBEX')]))[0]);
    const entries: Entry[] = [
      {
        id: 'INV-1',
        project: 'P-INV',
        resource: 'R1',
        date: '2026-10-01',
        hours: '7.25',
        rate: '120.00',
        costRate: '60.00',
      },
      {
        id: 'INV-2',
        project: 'P-INV',
        resource: 'R1',
        date: '2026-10-02',
        hours: '1.5',
        rate: '120.00',
        costRate: '60.00',
      },
      {
        id: 'INV-3',
        project: 'P-INV',
        resource: 'R2',
        date: '2026-10-02',
        hours: '0.33',
        rate: '120.00',
        costRate: '70.00',
      },
      {
        id: 'INV-4',
        project: 'P-INV',
        resource: 'R2',
        date: '2026-10-03',
        hours: '3.75',
        rate: '150.00',
        costRate: '70.00',
      },
      {
        id: 'INV-5',
        project: 'P-INV',
        resource: 'R3',
        date: '2026-10-04',
        hours: '0.07',
        rate: '155.50',
        costRate: '80.00',
      },
    ];
    const posted = await tryton.push(entries.flatMap((e) => [billable(e, project), cost(e, project)]));
    assert.ok(
      posted.every((r) => r.outcome === 'ok'),
      JSON.stringify(posted),
    );

    // A project Tryton holds that Ledgerline did not provision: its invoice is not Ledgerline's to read.
    const rpc = db.rpc();
    const [party] = (await rpc.model(
      'party.party',
      'search',
      [['name', '=', 'GLOBEX Corp']],
      0,
      1,
      null,
    )) as number[];
    const [product] = (await rpc.model(
      'product.product',
      'search',
      [['name', '=', 'Consulting']],
      0,
      1,
      null,
    )) as number[];
    const [foreign] = (await rpc.model('project.work', 'create', [
      {
        name: 'Not ours',
        type: 'project',
        company: 1,
        party,
        project_invoice_method: 'timesheet',
        product,
        list_price: toDecimal('10'),
        timesheet_available: true,
      },
    ])) as number[];
    const [[tw]] = (
      (await rpc.model('project.work', 'read', [foreign], ['timesheet_works'])) as {
        timesheet_works: number[];
      }[]
    ).map((w) => w.timesheet_works) as [[number]];
    const [employee] = (await rpc.model('company.employee', 'search', [], 0, 1, null)) as number[];
    await rpc.model('timesheet.line', 'create', [
      { company: 1, employee, date: toDate('2026-10-01'), duration: hoursToTimedelta('1'), work: tw },
    ]);
    const foreignInvoices = await tryton.invoiceProjects({
      projectExternalIds: [String(foreign)],
      post: true,
    });
    assert.equal(foreignInvoices.length, 1);

    const invoices = await tryton.invoiceProjects({ projectExternalIds: [project], post: true });
    assert.equal(invoices.length, 1);
    const [invoice] = invoices;
    assert.equal(invoice?.state, 'posted');
    assert.match(invoice?.number ?? '', /^INV-\d{4}-\d{4}$/);
    assert.equal(invoice?.total, expectedTotal(entries));
    assert.deepEqual(await tryton.invoiceProjects({ projectExternalIds: [project], post: true }), []);

    const first = entries[0];
    if (first === undefined) throw new Error('no entries');
    const [revised] = await tryton.push([revise({ ...first, hours: '8' }, project)]);
    assert.equal(revised?.outcome === 'reject' && revised.reasonCode, 'correction.already_invoiced');
    const [withdrawn] = await tryton.push([
      {
        kind: 'withdrawPostedTime',
        idempotencyKey: 'w',
        timeEntryId: 'time:sandbox-psa:INV-1',
        projectId: 'project:sandbox-psa:P-INV',
        projectExternalId: project,
        reason: 'unapproved',
      },
    ]);
    assert.equal(withdrawn?.outcome === 'reject' && withdrawn.reasonCode, 'correction.already_invoiced');
    assert.match(withdrawn?.outcome === 'reject' ? withdrawn.message : '', /credit note/);

    const firstPull = await pullAll(tryton, undefined);
    assert.equal(firstPull.events.length, 1, JSON.stringify(firstPull.events.map((e) => e.subject)));
    const [issued] = firstPull.events;
    assert.equal(issued?.type, 'io.ledgerline.invoice.issued.v1');
    const data = issued?.data as IssuedInvoice | undefined;
    if (data === undefined) throw new Error('no invoice event');
    assert.equal(data.id, `invoice:tryton:${invoice?.externalId}`);
    assert.equal(data.number, invoice?.number);
    assert.equal(data.projectId, 'project:sandbox-psa:P-INV');
    assert.equal(data.customerId, 'customer:sandbox-psa:GLOBEX');
    assert.equal(data.legalEntityId, 'LL-NL');
    assert.equal(data.status, 'issued');
    assert.equal(data.totals.gross.amount, expectedTotal(entries));
    const byRate = new Map(data.lines.map((l) => [l.unitPrice.amount, l]));
    assert.deepEqual(byRate.get('120.00')?.timeEntryIds?.toSorted(), [
      'time:sandbox-psa:INV-1',
      'time:sandbox-psa:INV-2',
      'time:sandbox-psa:INV-3',
    ]);
    assert.equal(byRate.get('120.00')?.quantity, '9.08');
    assert.deepEqual(byRate.get('150.00')?.timeEntryIds, ['time:sandbox-psa:INV-4']);
    assert.equal(byRate.get('155.50')?.net.amount, '10.88'); // 0.07 h × 155.50 = 10.885, half-even

    const again = await tryton.pull(firstPull.cursor, 10);
    assert.deepEqual(again.events, []);
    assert.equal(again.nextCursor, undefined);
    assert.equal(again.hasMore, false);
    const replay = await pullAll(tryton, undefined);
    assert.deepEqual(
      replay.events.map((e) => e.id),
      firstPull.events.map((e) => e.id),
    );

    await payInvoice(rpc, Number(invoice?.externalId), expectedTotal(entries), '2026-11-20');
    const paid = await pullAll(tryton, firstPull.cursor);
    assert.deepEqual(
      paid.events.map((e) => e.type),
      ['io.ledgerline.invoice.issued.v1', 'io.ledgerline.payment.received.v1'],
    );
    assert.equal((paid.events[0]?.data as IssuedInvoice).status, 'paid');
    assert.notEqual(paid.events[0]?.id, issued?.id);
    const payment = paid.events[1]?.data as Payment;
    assert.equal(payment.invoiceId, data.id);
    assert.deepEqual(payment.amount, { amount: expectedTotal(entries), currency: 'EUR' });
    assert.equal(payment.receivedDate, '2026-11-20');
    assert.deepEqual((await tryton.pull(paid.cursor, 10)).events, []);
  });

  test('webhooks are answered 422 webhook.not_supported', () => {
    const tryton = db.connector();
    const outcome = tryton.receiveWebhook({ headers: {}, rawBody: '{}' });
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.status, 422);
    assert.equal(!outcome.ok && outcome.reasonCode, 'webhook.not_supported');
  });
});
