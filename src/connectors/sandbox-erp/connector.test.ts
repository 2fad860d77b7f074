import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PushResult } from '../kit/connector.ts';
import { createSandboxErpConnector } from './connector.ts';
import {
  API_KEY,
  billableLine,
  costPosting,
  okId,
  provisioned,
  provisionProject,
  startHarness,
} from './test-fixtures.ts';
import type { Harness } from './test-fixtures.ts';

function reject(reasonCode: string): (result: PushResult | undefined) => void {
  return (result) => {
    assert.equal(result?.outcome, 'reject', JSON.stringify(result));
    assert.equal(result.reasonCode, reasonCode, JSON.stringify(result));
  };
}

describe('sandbox ERP connector against a real server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('provisions a project and posts billing lines and costs with exact half-up amounts', async () => {
    const projectId = await provisioned(h.connector, 'EXACT-1');
    assert.match(projectId, /^PRJ-\d{6}$/);
    const results = await h.connector.push([
      billableLine('T-1', projectId),
      costPosting('T-1', projectId),
      billableLine('T-2', projectId, {
        hours: '0.25',
        rate: { amount: '62.50', currency: 'GBP' },
        amount: { amount: '15.63', currency: 'GBP' },
      }),
    ]);
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['ok', 'ok', 'ok'],
    );
    assert.match(okId(results[0]), /^BL-\d{7}$/);
    assert.match(okId(results[1]), /^CP-\d{7}$/);
    assert.equal(results[0]?.outcome === 'ok' && results[0].replayed, false);

    const lines = (await (await h.call('GET', `/erp/v1/billing_lines?project_id=${projectId}`)).json()) as {
      data: { amount: string; quantity: string; unit_price: string; currency: string; source_ref: string }[];
    };
    assert.deepEqual(
      lines.data.map((l) => [l.source_ref, l.quantity, l.unit_price, l.amount, l.currency]),
      [
        ['time-entry:sandbox-psa:T-1', '7.5', '133.33', '999.98', 'GBP'],
        ['time-entry:sandbox-psa:T-2', '0.25', '62.50', '15.63', 'GBP'],
      ],
    );
    const costs = (await (await h.call('GET', `/erp/v1/cost_postings?project_id=${projectId}`)).json()) as {
      data: { hours: string; cost_rate: string; amount: string }[];
    };
    assert.deepEqual(
      costs.data.map((c) => [c.hours, c.cost_rate, c.amount]),
      [['0.25', '62.50', '15.63']],
    );
  });

  it('maps the canonical project to the ERP vocabulary', async () => {
    const projectId = await provisioned(h.connector, 'MAP-1', {
      legalEntityId: 'LL-DE',
      currency: 'EUR',
      taxTreatment: 'zero-rated',
      billingModel: 'fixed-fee',
    });
    const project = (await (await h.call('GET', `/erp/v1/projects/${projectId}`)).json()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      {
        project_id: project['project_id'],
        code: project['code'],
        company: project['company'],
        currency: project['currency'],
        tax_code: project['tax_code'],
        billing_method: project['billing_method'],
        customer_ref: project['customer_ref'],
        source_ref: project['source_ref'],
      },
      {
        project_id: projectId,
        code: 'MAP-1',
        company: 'LL-DE',
        currency: 'EUR',
        tax_code: 'zero-rated',
        billing_method: 'fixed_fee',
        customer_ref: 'customer:sandbox-psa:C-1',
        source_ref: 'project:sandbox-psa:MAP-1',
      },
    );
  });

  it('books a repeated key once and answers the repeat as a replay with the original id', async () => {
    const projectId = await provisioned(h.connector, 'REPLAY-1');
    const before = h.erp.report();
    const line = billableLine('R-1', projectId);
    const [first] = await h.connector.push([line]);
    const [second, third] = await h.connector.push([line, line]);
    const id = okId(first);
    assert.deepEqual(second, { outcome: 'ok', externalId: id, replayed: true });
    assert.deepEqual(third, { outcome: 'ok', externalId: id, replayed: true });
    const after = h.erp.report();
    assert.equal(after.billingLines.count, before.billingLines.count + 1);
    assert.equal(after.replays, before.replays + 2);
    assert.equal(after.duplicateSourceRefs, 0);
    const [again] = await h.connector.push([provisionProject('REPLAY-1')]);
    assert.deepEqual(again, { outcome: 'ok', externalId: projectId, replayed: true });
  });

  it('rejects a key reused with a different body, and books nothing for it', async () => {
    const projectId = await provisioned(h.connector, 'REUSE-1');
    okId((await h.connector.push([billableLine('U-1', projectId)]))[0]);
    const count = h.erp.report().billingLines.count;
    const [result] = await h.connector.push([billableLine('U-1', projectId, { description: 'changed' })]);
    reject('erp.idempotency_key_reused')(result);
    assert.equal(h.erp.report().billingLines.count, count);
  });

  it('rejects postings the ERP cannot book, each with its reason', async () => {
    const projectId = await provisioned(h.connector, 'RULES-1');
    const results = await h.connector.push([
      billableLine('V-1', 'PRJ-999999'),
      billableLine('V-2', projectId, {
        rate: { amount: '150.00', currency: 'EUR' },
        amount: { amount: '1125.00', currency: 'EUR' },
      }),
      billableLine('V-3', projectId, { amount: { amount: '999.97', currency: 'GBP' } }),
      costPosting('V-4', projectId, { amount: { amount: '15.62', currency: 'GBP' } }),
      billableLine('V-5', projectId),
    ]);
    reject('erp.unknown_project')(results[0]);
    reject('erp.currency_mismatch')(results[1]);
    reject('erp.amount_mismatch')(results[2]);
    reject('erp.amount_mismatch')(results[3]);
    okId(results[4]);
    assert.match(results[2]?.outcome === 'reject' ? results[2].message : '', /999\.98/);
  });

  it('rejects a project whose tax code is not enabled, and accepts the same command once enabled', async () => {
    const command = provisionProject('TAX-1', { taxTreatment: 'reverse-charge' });
    const [rejected] = await h.connector.push([command]);
    reject('erp.tax_code_not_configured')(rejected);
    h.erp.enableTaxCode('LL-UK', 'reverse-charge');
    const [accepted] = await h.connector.push([command]);
    assert.equal(accepted?.outcome === 'ok' && accepted.replayed, false);
    okId(accepted);
  });

  it('rejects an unknown company and a duplicate project code', async () => {
    const results = await h.connector.push([
      provisionProject('CO-1', { legalEntityId: 'LL-FR', currency: 'EUR' }),
      provisionProject('DUP-1'),
      provisionProject('DUP-1', { name: 'Another' }, 'provision:DUP-1:other'),
    ]);
    reject('erp.unknown_company')(results[0]);
    okId(results[1]);
    reject('erp.project_code_exists')(results[2]);
  });

  it('rejects locally, without a request, a line whose rate and amount currencies differ', async () => {
    const requests = h.erp.report().requests;
    const [result] = await h.connector.push([
      billableLine('X-1', 'PRJ-000001', { rate: { amount: '133.33', currency: 'EUR' } }),
    ]);
    reject('erp.inconsistent_currency')(result);
    assert.equal(h.erp.report().requests, requests);
    assert.deepEqual(await h.connector.push([]), []);
    assert.equal(h.erp.report().requests, requests);
  });

  it('splits into chunks of maxBatch sent in order, one result per command', async () => {
    const connector = h.connect({ maxBatch: 2 });
    const projectId = await provisioned(connector, 'CHUNK-1');
    const requests = h.erp.report().requests;
    const commands = ['C-1', 'C-2', 'C-3', 'C-4', 'C-5'].map((e) => billableLine(e, projectId));
    const results = await connector.push(commands);
    assert.equal(h.erp.report().requests, requests + 3);
    const ids = results.map(okId);
    assert.deepEqual(ids, [...ids].sort(), 'ids are allocated in command order');
    assert.equal(new Set(ids).size, 5);
  });

  it('answers erp.unauthorized for every command when the API key is wrong', async () => {
    const connector = createSandboxErpConnector({
      system: 'sandbox-erp',
      baseUrl: h.erp.url,
      apiKey: `${API_KEY}-wrong`,
      maxBatch: 1,
    });
    try {
      const requests = h.erp.report().requests;
      const results = await connector.push([provisionProject('AUTH-1'), provisionProject('AUTH-2')]);
      results.forEach(reject('erp.unauthorized'));
      assert.equal(h.erp.report().requests, requests + 1, 'stops after the first refused chunk');
    } finally {
      await connector.close();
    }
  });

  it('refuses options outside the ERP limits', () => {
    const options = { system: 'sandbox-erp', baseUrl: h.erp.url, apiKey: API_KEY };
    assert.throws(() => createSandboxErpConnector({ ...options, maxBatch: 1001 }), RangeError);
    assert.throws(() => createSandboxErpConnector({ ...options, maxBatch: 0 }), RangeError);
    assert.throws(() => createSandboxErpConnector({ ...options, timeoutMs: 0 }), RangeError);
  });

  it('books thousands of operations exactly once with exact totals', async () => {
    const connector = h.connect({ maxBatch: 1000 });
    const projectId = await provisioned(connector, 'VOLUME-1', { legalEntityId: 'LL-US', currency: 'USD' });
    const before = h.erp.report();
    const commands = Array.from({ length: 2500 }, (_, i) => [
      billableLine(`VOL-${i}`, projectId, {
        rate: { amount: '133.33', currency: 'USD' },
        amount: { amount: '999.98', currency: 'USD' },
      }),
      costPosting(`VOL-${i}`, projectId, {
        costRate: { amount: '62.50', currency: 'USD' },
        amount: { amount: '15.63', currency: 'USD' },
      }),
    ]).flat();
    const first = await connector.push(commands);
    const second = await connector.push(commands);
    assert.ok(first.every((r) => r.outcome === 'ok' && !r.replayed));
    assert.ok(second.every((r) => r.outcome === 'ok' && r.replayed));
    const report = h.erp.report();
    assert.equal(report.billingLines.count - before.billingLines.count, 2500);
    assert.equal(report.costPostings.count - before.costPostings.count, 2500);
    // 2500 x 999.98 = 2,499,950.00 and 2500 x 15.63 = 39,075.00, all in USD.
    assert.equal(report.billingLines.amount['USD'], '2499950.00');
    assert.equal(report.costPostings.amount['USD'], '39075.00');
    assert.equal(report.duplicateSourceRefs, 0);
  });
});
