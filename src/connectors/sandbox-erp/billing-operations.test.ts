// contract.create, expense.create and billing_item.release through the connector against the real
// server: created, replayed, refused with their reason codes, and counted in the report.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertRejected, createContract, postExpense, releaseItem } from './q2c-fixtures.ts';
import { okId, provisioned, startHarness } from './test-fixtures.ts';
import type { CloseProject } from '../kit/commands.ts';
import type { Harness } from './test-fixtures.ts';

describe('sandbox ERP quote-to-cash operations', () => {
  let h: Harness;
  let tm: string;
  let fixedFee: string;
  before(async () => {
    h = await startHarness();
    tm = await provisioned(h.connector, 'OPS-TM');
    fixedFee = await provisioned(h.connector, 'OPS-FF', { billingModel: 'fixed-fee' });
  });
  after(() => h.close());

  describe('contract.create', () => {
    it('creates a contract against the project, in the ERP vocabulary, and replays its key', async () => {
      const command = createContract('C-1', tm);
      const [created] = await h.connector.push([command]);
      const id = okId(created);
      assert.match(id, /^CT-\d{6}$/);
      const [again] = await h.connector.push([command]);
      assert.deepEqual(again, { outcome: 'ok', externalId: id, replayed: true });
      const stored = (await (await h.call('GET', `/erp/v1/contracts/${id}`)).json()) as Record<
        string,
        unknown
      >;
      assert.deepEqual(
        { ...stored, created_at: undefined },
        {
          contract_id: id,
          project_id: tm,
          contract_ref: 'contract:sandbox-crm:C-1',
          customer_ref: 'ACME',
          company: 'LL-UK',
          currency: 'GBP',
          billing_method: 'time_and_materials',
          value: '120000.00',
          opportunity_ref: 'opportunity:sandbox-crm:O-311',
          created_at: undefined,
        },
      );
    });

    it('refuses what does not fit the project, each with its reason', async () => {
      const results = await h.connector.push([
        createContract('C-2', 'PRJ-999999'),
        createContract('C-3', tm, {
          legalEntityId: 'LL-DE',
          currency: 'EUR',
          value: { amount: '1', currency: 'EUR' },
        }),
        createContract('C-4', tm, { currency: 'EUR', value: { amount: '1.00', currency: 'EUR' } }),
        createContract('C-5', tm, { billingModel: 'fixed-fee' }),
        createContract('C-6', tm, { value: { amount: '10.001', currency: 'GBP' } }),
        createContract('C-7', tm, { value: { amount: '10.00', currency: 'EUR' } }),
        createContract('C-1', tm, {}, 'contract:C-1:again'),
        createContract('C-1', tm, { value: { amount: '1.00', currency: 'GBP' } }),
      ]);
      assertRejected(results[0], 'erp.unknown_project');
      assertRejected(results[1], 'erp.company_mismatch');
      assertRejected(results[2], 'erp.currency_mismatch');
      assertRejected(results[3], 'erp.billing_method_mismatch');
      assertRejected(results[4], 'erp.amount_precision');
      assertRejected(results[5], 'erp.inconsistent_currency');
      assertRejected(results[6], 'erp.contract_ref_exists');
      assertRejected(results[7], 'erp.idempotency_key_reused');
      assert.deepEqual(h.erp.report().contracts, { count: 1, amount: { GBP: '120000.00' } });
    });
  });

  describe('expense.create', () => {
    it('books a billable expense as a cost and a rebillable line, a non-billable one as cost only', async () => {
      const before = h.erp.report().expenses;
      const [billable, costOnly] = await h.connector.push([
        postExpense('E-1', tm),
        postExpense('E-2', tm, {
          category: 'meals',
          amount: { amount: '12.5', currency: 'GBP' },
          billable: false,
        }),
      ]);
      assert.match(okId(billable), /^EX-\d{7}$/);
      okId(costOnly);
      const after = h.erp.report().expenses;
      assert.equal(after.count, before.count + 2);
      assert.deepEqual(after.cost, { GBP: '158.10' });
      assert.deepEqual(after.rebillable, { count: 1, amount: { GBP: '145.60' } });
      const listed = (await (await h.call('GET', `/erp/v1/expenses?project_id=${tm}`)).json()) as {
        data: { category: string; amount: string; billable: boolean; source_ref: string }[];
      };
      assert.deepEqual(
        listed.data.map((e) => [e.source_ref, e.category, e.amount, e.billable]),
        [
          ['expense:sandbox-psa:E-1', 'lodging', '145.60', true],
          ['expense:sandbox-psa:E-2', 'subsistence', '12.50', false],
        ],
      );
    });

    it('answers a replayed key with the original id and refuses a reused one', async () => {
      const [first] = await h.connector.push([postExpense('E-3', tm)]);
      const [again, reused] = await h.connector.push([
        postExpense('E-3', tm),
        postExpense('E-3', tm, { amount: { amount: '1.00', currency: 'GBP' } }),
      ]);
      assert.deepEqual(again, { outcome: 'ok', externalId: okId(first), replayed: true });
      assertRejected(reused, 'erp.idempotency_key_reused');
    });

    it('refuses another currency, a non-billable project, an amount below the minor unit', async () => {
      const nonBillable = await provisioned(h.connector, 'OPS-NB', { billingModel: 'non-billable' });
      const results = await h.connector.push([
        postExpense('E-4', tm, { amount: { amount: '100.00', currency: 'EUR' } }),
        postExpense('E-5', nonBillable),
        postExpense('E-6', tm, { amount: { amount: '10.005', currency: 'GBP' } }),
        postExpense('E-7', 'PRJ-999999'),
        postExpense('E-8', nonBillable, { billable: false }),
      ]);
      assertRejected(results[0], 'erp.currency_mismatch');
      assert.match(results[0]?.outcome === 'reject' ? results[0].message : '', /EUR differs .* GBP/);
      assertRejected(results[1], 'erp.billing_method_mismatch');
      assertRejected(results[2], 'erp.amount_precision');
      assertRejected(results[3], 'erp.unknown_project');
      okId(results[4]);
    });

    it('refuses an expense category the ERP does not know', async () => {
      const response = await h.call('POST', '/erp/v1/batch', {
        operations: [
          {
            op: 'expense.create',
            idempotency_key: 'raw-expense-1',
            body: {
              project_id: tm,
              source_ref: 'X-1',
              employee_ref: 'E-1',
              date: '2026-03-01',
              category: 'accommodation',
              amount: '10.00',
              currency: 'GBP',
              billable: true,
              reimbursable: false,
              description: 'Hotel',
            },
          },
        ],
      });
      const body = (await response.json()) as { results: { status: number; error: { code: string } }[] };
      assert.equal(body.results[0]?.status, 422);
      assert.equal(body.results[0]?.error.code, 'unknown_expense_category');
    });
  });

  describe('billing_item.release', () => {
    it('releases a billing item on a fixed-fee project once, and replays its key', async () => {
      const command = releaseItem('BS-1', fixedFee);
      const [released] = await h.connector.push([command]);
      const id = okId(released);
      assert.match(id, /^BR-\d{7}$/);
      const [again, second] = await h.connector.push([
        command,
        { ...command, idempotencyKey: 'release:BS-1:again' },
      ]);
      assert.deepEqual(again, { outcome: 'ok', externalId: id, replayed: true });
      assertRejected(second, 'erp.billing_item_already_released');
      assert.deepEqual(h.erp.report().billingReleases, { count: 1, amount: { GBP: '30000.00' } });
    });

    it('refuses a time-and-materials project, another currency and an unknown project', async () => {
      const results = await h.connector.push([
        releaseItem('BS-2', tm),
        releaseItem('BS-3', fixedFee, { amount: { amount: '10.00', currency: 'USD' } }),
        releaseItem('BS-4', 'PRJ-999999'),
      ]);
      assertRejected(results[0], 'erp.billing_method_mismatch');
      assertRejected(results[1], 'erp.currency_mismatch');
      assertRejected(results[2], 'erp.unknown_project');
      const { rejected } = h.erp.report();
      assert.ok((rejected['billing_method_mismatch'] ?? 0) >= 1);
    });
  });

  describe('project.close', () => {
    const close = (key: string, projectExternalId: string): CloseProject => ({
      kind: 'closeProject',
      idempotencyKey: key,
      projectId: 'project:sandbox-psa:P-CLOSE',
      projectExternalId,
      closedDate: '2026-09-30',
    });

    it('closes a project once: the same key replays, another key is refused, an unknown project too', async () => {
      const project = await provisioned(h.connector, 'OPS-CLOSE');
      const [closed] = await h.connector.push([close('close-1', project)]);
      assert.match(okId(closed), /^CL-\d{6}$/);
      const [again, twice, unknown] = await h.connector.push([
        close('close-1', project),
        close('close-2', project),
        close('close-3', 'PRJ-999999'),
      ]);
      assert.deepEqual(again, { outcome: 'ok', externalId: okId(closed), replayed: true });
      assertRejected(twice, 'erp.project_closed');
      assertRejected(unknown, 'erp.unknown_project');
      assert.equal(h.erp.report().closedProjects, 1);
    });
  });
});
