// Redmine (PSA) -> Ledgerline -> Tryton (ERP), all three real and running: a delivery manager logs and
// approves time in Redmine; Ledgerline (`ledgerline serve`, a child process) sets the customer and project
// up in Tryton, posts approved time as timesheet lines exactly once, follows edits, unapprovals and
// deletions, survives its own restart and Tryton's, sends a Tryton business error to the dead-letter queue
// with Tryton's message and posts it once fixed and retried; then Tryton invoices the projects itself and
// Ledgerline writes invoice numbers and status back to every invoiced Redmine entry, and the payment
// status once finance records a payment in Tryton.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  fieldNames,
  RedmineAdmin,
  REDMINE_API_KEY,
  redmineProbe,
  daysAgo,
} from '../../src/connectors/redmine/test-support/redmine-admin.ts';
import {
  newDatabase,
  skipUnlessTryton,
  type TestDatabase,
} from '../../src/connectors/tryton/test-support/tryton-db.ts';
import { toDate } from '../../src/connectors/tryton/codec.ts';
import { payInvoice } from '../../src/connectors/tryton/test-support/operator.ts';
import {
  repoRoot,
  runCli,
  startChildService,
  writeConfig,
  type ChildService,
} from '../support/child-service.ts';
import { skipUnlessUp } from '../support/real-system.ts';
import { redmineTrytonConfig } from '../support/redmine-tryton-config.ts';
import { waitFor } from '../support/wait.ts';
import { TrytonBooks, centsHalfEven, type ExpectedEntry } from './support/tryton-books.ts';

const skip = (await skipUnlessUp(redmineProbe)) || (await skipUnlessTryton());
const trytonScript = join(repoRoot, 'scripts', 'real-systems', 'tryton.sh');

/** Two projects at different rates (one with sub-cent products), three consultants on both. */
const projectPlans = [
  { key: 'web', customer: 'Acme Retail BV', rate: '120.00' },
  { key: 'data', customer: 'Globex Logistics NV', rate: '95.50' },
] as const;
const consultantPlans = [
  { key: 'ana', costRate: '55.00' },
  { key: 'bram', costRate: '62.50' },
  { key: 'chloe', costRate: '48.00' },
] as const;
interface Invoiced {
  readonly externalId: string;
  readonly number?: string;
  readonly state: string;
  readonly total: string;
}

const hourChoices = ['0.25', '0.5', '1', '1.5', '2', '3.75', '4', '6', '7.5', '8'] as const;

describe('Redmine -> Ledgerline -> Tryton, end to end', { skip, timeout: 15 * 60_000 }, () => {
  const redmine = new RedmineAdmin();
  const suffix = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const expected = new Map<number, ExpectedEntry>();
  const rateOf = new Map<number, string>();
  const costRateOf = new Map<number, string>();
  const projectIds: number[] = [];
  const userIds: number[] = [];
  let dir: string;
  let db: TestDatabase;
  let books: TrytonBooks;
  let configFile: string;
  let service: ChildService | undefined;
  let serial = 0;
  /** What `ledgerline erp invoice` created, and which invoice bills each entry. */
  let invoices: Invoiced[] = [];
  let numberById = new Map<number, string>();

  const approvedEntries = () => [...expected.values()].filter((e) => e.approved);

  async function log(
    projectId: number,
    userId: number,
    daysBack: number,
    approved: boolean,
  ): Promise<number> {
    serial += 1;
    const hours = hourChoices[serial % hourChoices.length] ?? '1';
    const spentOn = daysAgo(daysBack);
    const id = await redmine.createEntry({
      project: projectId,
      user: userId,
      spentOn,
      hours: Number(hours),
      comments: `Work item ${serial}`,
      approved,
    });
    expected.set(id, {
      id,
      projectId,
      userId,
      hours,
      spentOn,
      approved,
      rate: rateOf.get(projectId) ?? '0',
      costRate: costRateOf.get(userId) ?? '0',
    });
    return id;
  }

  async function start(): Promise<void> {
    service = await startChildService(configFile, {});
  }

  async function stop(): Promise<void> {
    await service?.kill('SIGKILL');
    service = undefined;
  }

  /** Waits until Tryton holds exactly the approved entries, with their hours, dates and costs. */
  async function settled(what: string, timeoutMs = 180_000): Promise<void> {
    await waitFor(
      what,
      // Tryton may refuse a read racing a deletion by Ledgerline ("not allowed to read records"): look again.
      async () => (await books.compare(approvedEntries()).catch(() => ['unreadable'])).length === 0,
      timeoutMs,
      500,
    ).catch(async (error: unknown) => {
      const differences = await books.compare(approvedEntries());
      throw new Error(
        `${String(error)}\nstill different:\n  ${differences.slice(0, 15).join('\n  ')}\nservice log:\n${service?.stderr().slice(-3000) ?? ''}`,
      );
    });
  }

  async function openDeadLetters(): Promise<
    { id: number; reasonCode: string; message: string; subject: string }[]
  > {
    const res = await fetch(`${service?.url ?? ''}/v1/dead-letters?state=open`);
    assert.equal(res.status, 200);
    return (
      (await res.json()) as {
        deadLetters: { id: number; reasonCode: string; message: string; subject: string }[];
      }
    ).deadLetters;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-e2e-'));
    db = await newDatabase('e2e');
    books = new TrytonBooks(db.rpc());
    for (const c of consultantPlans) {
      const id = await redmine.createUser(`${c.key}${suffix}`, { [fieldNames.costRate]: c.costRate });
      userIds.push(id);
      costRateOf.set(id, c.costRate);
    }
    for (const p of projectPlans) {
      const id = await redmine.createProject(`e2e-${p.key}-${suffix}`, {
        [fieldNames.customer]: p.customer,
        [fieldNames.legalEntity]: 'LL-NL',
        [fieldNames.billRate]: p.rate,
        [fieldNames.currency]: 'EUR',
      });
      projectIds.push(id);
      rateOf.set(id, p.rate);
      for (const user of userIds) await redmine.addMember(id, user);
    }
    // A few hundred entries over the last four weeks: two in three approved.
    for (let i = 0; i < 300; i++) {
      const project = projectIds[i % projectIds.length] ?? 0;
      const user = userIds[i % userIds.length] ?? 0;
      await log(project, user, 1 + (i % 28), i % 3 !== 0);
    }
    const config = redmineTrytonConfig({
      dir,
      trytonDatabase: db.name,
      redmineProjects: projectIds,
      redmineKeyEnv: 'LL_E2E_REDMINE_KEY',
      redminePollMs: 300,
      trytonPollMs: 500,
      // Tryton is stopped for a while in one test: retries must outlast it.
      delivery: { batchSize: 200, concurrency: 2, maxAttempts: 40, baseDelayMs: 200, maxDelayMs: 2000 },
    });
    configFile = writeConfig(dir, config);
    process.env['LL_E2E_REDMINE_KEY'] = REDMINE_API_KEY;
  });

  after(async () => {
    await stop();
    // A test that stopped Tryton and failed must not leave it down for the next suite.
    execFileSync('bash', [trytonScript, 'start'], { stdio: 'ignore' });
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets the projects up in Tryton and posts every approved entry once, with its cost', async () => {
    await start();
    await settled('every approved Redmine entry is a Tryton timesheet line');
    const approved = approvedEntries().length;
    assert.ok(approved >= 190, `${approved} approved entries`);
    assert.equal((await books.lines()).length, approved);
    assert.deepEqual(await openDeadLetters(), []);
  });

  it('follows edits after approval, approvals taken back, late approvals and deletions', async () => {
    const approved = approvedEntries();
    const unapproved = [...expected.values()].filter((e) => !e.approved);
    const edited = approved.slice(0, 12);
    const withdrawn = approved.slice(12, 18);
    const deleted = approved.slice(18, 26);
    const lateApproved = unapproved.slice(0, 10);
    for (const e of edited) {
      const hours = e.hours === '2' ? '2.5' : '2';
      await redmine.updateEntry(e.id, { hours: Number(hours) });
      expected.set(e.id, { ...e, hours });
    }
    for (const e of withdrawn) {
      await redmine.updateEntry(e.id, {}, { [fieldNames.approved]: '0' });
      expected.set(e.id, { ...e, approved: false });
    }
    for (const e of deleted) {
      await redmine.deleteEntry(e.id);
      expected.delete(e.id);
    }
    for (const e of lateApproved) {
      await redmine.updateEntry(e.id, {}, { [fieldNames.approved]: '1' });
      expected.set(e.id, { ...e, approved: true });
    }
    await settled('Tryton follows the edits, withdrawals, deletions and late approvals');
    assert.deepEqual(await openDeadLetters(), []);
  });

  it('changes nothing on later sweeps or after a restart: still exactly once', async () => {
    const before = (await books.lines()).map((l) => l.id).sort((a, b) => a - b);
    await new Promise((resolve) => setTimeout(resolve, 3000)); // several sweeps
    await stop();
    await start();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await settled('still the same after a restart', 30_000);
    const afterRestart = (await books.lines()).map((l) => l.id).sort((a, b) => a - b);
    assert.deepEqual(afterRestart, before, 'the same Tryton lines, none added or replaced');
  });

  it('retries while Tryton is down and completes when it is back', async () => {
    execFileSync('bash', [trytonScript, 'stop'], { stdio: 'pipe' });
    try {
      for (let i = 0; i < 30; i++) await log(projectIds[i % 2] ?? 0, userIds[i % 3] ?? 0, 2 + (i % 5), true);
      await new Promise((resolve) => setTimeout(resolve, 4000)); // Ledgerline meets a dead Tryton
    } finally {
      execFileSync('bash', [trytonScript, 'start'], { stdio: 'pipe' });
    }
    await settled('the approvals made while Tryton was down are posted once it is back');
    assert.deepEqual(await openDeadLetters(), []);
  });

  it("sends a Tryton business error to the dead-letter queue with Tryton's message, and posts it once fixed", async () => {
    const leaver = userIds[2] ?? 0;
    const employee = await books.employeeOf(`resource:redmine:${leaver}`);
    await books.rpc.model('company.employee', 'write', [employee], { end_date: toDate(daysAgo(5)) });
    const late = await log(projectIds[0] ?? 0, leaver, 1, true);
    let letter: { id: number; reasonCode: string; message: string; subject: string } | undefined;
    await waitFor(
      'the late entry in the dead-letter queue',
      async () => {
        letter = (await openDeadLetters()).find((d) => d.subject === `time:redmine:${late}`);
        return letter !== undefined;
      },
      120_000,
      500,
    );
    assert.equal(letter?.reasonCode, 'tryton.domain_invalid');
    assert.match(letter.message, /"Employee" in "Timesheet Line" is not valid according to its domain/);
    // The operator moves the end date in Tryton and retries the letter.
    await books.rpc.model('company.employee', 'write', [employee], { end_date: null });
    const retried = await fetch(`${service?.url ?? ''}/v1/dead-letters/${letter.id}/retry`, {
      method: 'POST',
    });
    assert.equal(retried.status, 202);
    await settled('the fixed entry is posted');
    assert.deepEqual(await openDeadLetters(), []);
  });

  it('lets Tryton invoice the projects and writes each invoice number back to every invoiced entry', async () => {
    const result = await runCli(['erp', 'invoice', '--config', configFile, '--post', '--json']);
    assert.equal(result.code, 0, result.stderr);
    invoices = JSON.parse(result.stdout) as Invoiced[];
    assert.equal(invoices.length, projectIds.length, result.stdout);
    // Amounts: Tryton's invoice per project = the project's approved hours x its rate, to the cent.
    for (const projectId of projectIds) {
      const entries = approvedEntries().filter((e) => e.projectId === projectId);
      const invoiced = await books.invoicedAmountOf(entries);
      assert.equal(invoiced, centsHalfEven(entries), `project ${projectId}`);
    }
    numberById = await books.invoiceNumbersByEntry();
    assert.equal(numberById.size, approvedEntries().length, 'every approved entry is on an invoice');
    await waitFor(
      'every invoiced Redmine entry shows its Tryton invoice number',
      async () => {
        const shown = await redmine.fieldsByEntry(projectIds);
        return approvedEntries().every(
          (e) => shown.get(e.id)?.[fieldNames.invoiceNumber] === numberById.get(e.id),
        );
      },
      120_000,
      1000,
    );
    const shown = await redmine.fieldsByEntry(projectIds);
    for (const e of approvedEntries()) assert.equal(shown.get(e.id)?.[fieldNames.invoiceStatus], 'issued');
    // Not approved: never invoiced, no number.
    for (const e of [...expected.values()].filter((x) => !x.approved))
      assert.equal(shown.get(e.id)?.[fieldNames.invoiceNumber] ?? null, null);
    assert.deepEqual(await openDeadLetters(), []);
  });

  it('writes the payment status back once Tryton records the payment of an invoice', async () => {
    const [paid, unpaid] = invoices;
    assert.ok(paid?.number !== undefined && unpaid?.number !== undefined, JSON.stringify(invoices));
    // Finance records the customer's bank transfer in Tryton (the invoice's "Pay" wizard).
    await payInvoice(books.rpc, Number(paid.externalId), paid.total, daysAgo(0));
    const billedBy = (number: string) => approvedEntries().filter((e) => numberById.get(e.id) === number);
    await waitFor(
      'the paid invoice shows as paid on every Redmine entry it bills',
      async () => {
        const shown = await redmine.fieldsByEntry(projectIds);
        return billedBy(paid.number ?? '').every(
          (e) =>
            shown.get(e.id)?.[fieldNames.paymentStatus] === 'paid' &&
            shown.get(e.id)?.[fieldNames.invoiceStatus] === 'paid',
        );
      },
      120_000,
      1000,
    );
    const shown = await redmine.fieldsByEntry(projectIds);
    for (const e of billedBy(unpaid.number ?? ''))
      assert.equal(shown.get(e.id)?.[fieldNames.paymentStatus], 'unpaid');
    assert.deepEqual(await openDeadLetters(), []);
  });
});
