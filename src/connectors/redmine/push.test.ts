// Redmine as a target, against the real server: invoice and payment status written back to the time
// entries concerned and read back over the API; resends; refusals; a server that does not answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { holdTurnForThisFile } from '../../../test/support/take-turn.ts';
import { skipUnlessUp } from '../../../test/support/real-system.ts';
import type { TargetCommand } from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import { isRetryableSourceError } from '../kit/source-errors.ts';
import { createRedmineConnector, RedmineSetupError } from './connector.ts';
import { invoiceStatusCommand, paymentCommand } from './test-support/commands.ts';
import {
  RedmineAdmin,
  daysAgo,
  fieldNames,
  redmineProbe,
  testOptions,
  uniqueSuffix,
} from './test-support/redmine-admin.ts';

const skip = await skipUnlessUp(redmineProbe);
// A sweep reads every user: users another file creates meanwhile would change its pages.
if (!skip) await holdTurnForThisFile('redmine');

/** A refusal's code and message, or undefined for any other outcome. */
const refusal = (r: PushResult | undefined) =>
  r?.outcome === 'reject' ? { code: r.reasonCode, message: r.message } : undefined;

const closeCommand: TargetCommand = {
  kind: 'closeProject',
  idempotencyKey: 'close-1',
  projectId: 'project:redmine:1',
  projectExternalId: '1',
  closedDate: '2026-11-20',
};

describe('Redmine write-back', { skip }, () => {
  const admin = new RedmineAdmin();
  const sfx = uniqueSuffix();
  const connector = createRedmineConnector(testOptions());
  const number = `INV-${sfx}`;
  let project = 0;
  const entries: number[] = [];
  const time = (id: number | undefined) => `time:redmine:${id ?? 0}`;

  before(async () => {
    project = await admin.createProject(`ll-${sfx}-w`);
    const user = await admin.createUser(`ll${sfx}w`, { 'Cost rate': '60' });
    await admin.addMember(project, user);
    for (let i = 0; i < 3; i++)
      entries.push(
        await admin.createEntry({
          project,
          user,
          spentOn: daysAgo(i),
          hours: 1,
          comments: `w${i}`,
          approved: true,
        }),
      );
  });

  after(() => connector.close());

  const fields = async (id: number | undefined) => ({
    number: await admin.fieldValue(id ?? 0, 'Invoice number'),
    invoice: await admin.fieldValue(id ?? 0, 'Invoice status'),
    payment: await admin.fieldValue(id ?? 0, 'Payment status'),
  });

  it('writes invoice number and status to the entries the invoice names, and only those', async () => {
    const [a, b, c] = entries;
    const command = invoiceStatusCommand({
      number,
      projectExternalId: project,
      timeEntryIds: [time(a), time(b), 'time:other-psa:5', time(a)],
      status: 'issued',
    });
    assert.deepEqual(await connector.push([command]), [
      { outcome: 'ok', externalId: number, replayed: false },
    ]);
    assert.deepEqual(await fields(a), { number, invoice: 'issued', payment: 'unpaid' });
    assert.deepEqual(await fields(b), { number, invoice: 'issued', payment: 'unpaid' });
    assert.deepEqual(await fields(c), { number: null, invoice: null, payment: null });
    // A resend writes nothing and says so.
    assert.deepEqual(await connector.push([command]), [
      { outcome: 'ok', externalId: number, replayed: true },
    ]);
  });

  it('records a payment on the entries carrying the invoice number, never downgrading paid', async () => {
    const [a, b] = entries;
    const received = paymentCommand({ number, projectExternalId: project, status: 'received' });
    const [first] = await connector.push([received]);
    assert.deepEqual(first, { outcome: 'ok', externalId: `payment:erp:${number}`, replayed: false });
    assert.equal((await fields(a)).payment, 'part-paid');
    assert.equal((await fields(b)).payment, 'part-paid');

    const paid = invoiceStatusCommand({
      number,
      projectExternalId: project,
      timeEntryIds: [time(a), time(b)],
      status: 'paid',
    });
    assert.equal((await connector.push([paid]))[0]?.outcome, 'ok');
    assert.deepEqual(await fields(a), { number, invoice: 'paid', payment: 'paid' });
    const [again] = await connector.push([received]);
    assert.deepEqual(again, { outcome: 'ok', externalId: `payment:erp:${number}`, replayed: true });
    assert.equal((await fields(b)).payment, 'paid');

    const [unknown] = await connector.push([
      paymentCommand({ number: `${number}-X`, projectExternalId: project, status: 'received' }),
    ]);
    assert.equal(unknown?.outcome, 'reject');
    assert.equal(refusal(unknown)?.code, 'redmine.invoice_not_found');
  });

  it('refuses what Redmine refuses, with a redmine.* code and its words', async () => {
    const [missing, none, unsupported, after] = await connector.push([
      invoiceStatusCommand({
        number,
        projectExternalId: project,
        timeEntryIds: ['time:redmine:999999999'],
        status: 'issued',
      }),
      invoiceStatusCommand({
        number,
        projectExternalId: project,
        timeEntryIds: ['time:other:1'],
        status: 'issued',
      }),
      closeCommand,
      invoiceStatusCommand({
        number,
        projectExternalId: project,
        timeEntryIds: [time(entries[0])],
        status: 'paid',
      }),
    ]);
    assert.equal(refusal(missing)?.code, 'redmine.not_found');
    assert.match(refusal(missing)?.message ?? '', /time entry 999999999/);
    assert.equal(refusal(none)?.code, 'redmine.no_time_entries');
    assert.equal(refusal(unsupported)?.code, 'psa.unsupported_command');
    assert.match(refusal(unsupported)?.message ?? '', /closeProject/);
    assert.deepEqual(
      after,
      { outcome: 'ok', externalId: number, replayed: true },
      'a refusal does not stop the rest',
    );
  });

  it('names a closed project as the reason Redmine forbids the write', async () => {
    const closedSfx = uniqueSuffix();
    const closed = await admin.createProject(`ll-${closedSfx}-c`);
    const user = await admin.createUser(`ll${closedSfx}c`);
    await admin.addMember(closed, user);
    const id = await admin.createEntry({
      project: closed,
      user,
      spentOn: daysAgo(1),
      hours: 1,
      comments: 'c',
      approved: true,
    });
    await admin.api('PUT', `/projects/${closed}/close.json`);
    const [result] = await connector.push([
      invoiceStatusCommand({
        number: `INV-${closedSfx}`,
        projectExternalId: closed,
        timeEntryIds: [time(id)],
        status: 'issued',
      }),
    ]);
    assert.equal(refusal(result)?.code, 'redmine.project_closed');
  });

  it('answers retry when Redmine does not answer, never throws, and sends nothing after', async () => {
    const down = createRedmineConnector(testOptions({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }));
    try {
      const results = await down.push([
        invoiceStatusCommand({
          number,
          projectExternalId: project,
          timeEntryIds: [time(entries[0])],
          status: 'issued',
        }),
        paymentCommand({ number, projectExternalId: project, status: 'received' }),
      ]);
      assert.equal(results.length, 2);
      for (const r of results) assert.equal(r.outcome, 'retry', JSON.stringify(r));
      assert.match(
        results[1]?.outcome === 'retry' ? results[1].message : '',
        /not sent after an earlier command/,
      );
      await assert.rejects(down.pull(undefined, 10), (e: unknown) => isRetryableSourceError(e));
    } finally {
      await down.close();
    }
  });

  it('refuses a wrong key and a missing custom field clearly', async () => {
    const wrongKey = createRedmineConnector(testOptions({ apiKey: 'f'.repeat(40) }));
    const noField = createRedmineConnector(
      testOptions({ fields: { ...fieldNames, approved: 'Approved by finance' } }),
    );
    try {
      await assert.rejects(wrongKey.pull(undefined, 10), {
        reasonCode: 'source.unauthorized',
        retryable: false,
      });
      const [unauthorized] = await wrongKey.push([
        paymentCommand({ number, projectExternalId: project, status: 'received' }),
      ]);
      assert.equal(refusal(unauthorized)?.code, 'redmine.unauthorized');
      await assert.rejects(
        noField.pull(undefined, 10),
        (e: unknown) => e instanceof RedmineSetupError && /Approved by finance/.test(e.message),
      );
      const [missing] = await noField.push([
        paymentCommand({ number, projectExternalId: project, status: 'received' }),
      ]);
      assert.equal(refusal(missing)?.code, 'redmine.custom_field_missing');
    } finally {
      await Promise.all([wrongKey.close(), noField.close()]);
    }
  });

  it('creates the delivery project of a won deal once, keyed by its code', async () => {
    const code = `LL-${sfx.toUpperCase()}/D`;
    const command = (status: 'closed-won' | 'open'): TargetCommand => ({
      kind: 'createDeliveryProject',
      idempotencyKey: `deal-${sfx}`,
      customerExternalId: 'acme-widgets',
      projectCode: code,
      opportunity: {
        id: `opportunity:crm:${sfx}`,
        customerId: 'customer:crm:acme',
        name: `Website relaunch ${sfx}`,
        status,
        amount: { amount: '50000.00', currency: 'EUR' },
        expectedStartDate: '2026-12-01',
        legalEntityId: 'LL-DE',
        currency: 'EUR',
      },
    });
    const [created] = await connector.push([command('closed-won')]);
    assert.equal(created?.outcome, 'ok');
    assert.equal(created.outcome === 'ok' && created.replayed, false);
    const id = created.outcome === 'ok' ? created.externalId : '';
    const { project } = (await admin.api('GET', `/projects/${id}.json`)) as {
      project: { identifier: string; name: string; custom_fields: { name: string; value: string | null }[] };
    };
    assert.equal(project.identifier, `ll-${sfx}-d`);
    assert.equal(project.name, `Website relaunch ${sfx}`);
    const value = (name: string) => project.custom_fields.find((f) => f.name === name)?.value;
    assert.deepEqual(
      [value('Customer'), value('Legal entity'), value('Currency')],
      ['acme-widgets', 'LL-DE', 'EUR'],
    );
    assert.deepEqual(await connector.push([command('closed-won')]), [
      { outcome: 'ok', externalId: id, replayed: true },
    ]);
    assert.equal(refusal((await connector.push([command('open')]))[0])?.code, 'psa.opportunity_not_won');
  });

  it('refuses webhooks: Redmine sends none', () => {
    const outcome = connector.receiveWebhook({ headers: {}, rawBody: '{}' });
    assert.deepEqual(outcome.ok ? undefined : [outcome.status, outcome.reasonCode], [
      422,
      'webhook.not_supported',
    ]);
  });
});
