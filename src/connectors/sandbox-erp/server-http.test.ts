import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startHarness } from './test-fixtures.ts';
import type { Harness } from './test-fixtures.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

const project = {
  code: 'HTTP-1',
  name: 'Raw HTTP',
  company: 'LL-UK',
  currency: 'GBP',
  tax_code: 'standard',
  billing_method: 'time_and_materials',
};

function line(projectId: string, sourceRef: string) {
  return {
    project_id: projectId,
    source_ref: sourceRef,
    employee_ref: 'E-1',
    date: '2026-02-28',
    quantity: '1',
    unit_price: '10.005',
    amount: '10.01',
    currency: 'GBP',
    description: '',
  };
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as ErrorBody).error.code;
}

describe('sandbox ERP HTTP API', () => {
  let h: Harness;
  let projectId: string;
  before(async () => {
    h = await startHarness();
    const created = await h.call('POST', '/erp/v1/projects', project, {
      'idempotency-key': '"http-project-1"',
    });
    assert.equal(created.status, 201);
    projectId = ((await created.json()) as { project_id: string }).project_id;
  });
  after(() => h.close());

  it('refuses requests without the bearer API key', async () => {
    for (const authorization of [undefined, 'Bearer nope', 'Basic dGVzdA==']) {
      const response = await fetch(`${h.erp.url}/erp/v1/projects/${projectId}`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="sandbox-erp"');
      assert.equal(await errorCode(response), 'unauthorized');
    }
    const admin = await fetch(`${h.erp.url}/admin/report`);
    assert.equal(admin.status, 401);
    assert.ok((h.erp.report().rejected['unauthorized'] ?? 0) >= 4);
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const response = await h.call('POST', '/erp/v1/batch', '{"operations": [');
    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), 'invalid_json');
    const wrongType = await h.call('POST', '/erp/v1/batch', '<operations/>', {
      'content-type': 'application/xml',
    });
    assert.equal(wrongType.status, 415);
    assert.equal(await errorCode(wrongType), 'unsupported_media_type');
    assert.equal((await h.call('GET', `/erp/v1/projects/${projectId}`)).status, 200);
  });

  it('answers a malformed batch with 400 and bad operations with 422 each', async () => {
    for (const body of [{}, { operations: [] }, { operations: 'x' }, [1, 2], null]) {
      const response = await h.call('POST', '/erp/v1/batch', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(await errorCode(response), 'invalid_batch');
    }
    const tooMany = { operations: Array.from({ length: 1001 }, () => ({})) };
    const large = await h.call('POST', '/erp/v1/batch', tooMany);
    assert.equal(large.status, 400);
    assert.equal(await errorCode(large), 'batch_too_large');

    const response = await h.call('POST', '/erp/v1/batch', {
      operations: [
        7,
        { op: 'invoice.create', idempotency_key: 'k', body: {} },
        { op: 'billing_line.create', body: line(projectId, 'S-1') },
        {
          op: 'billing_line.create',
          idempotency_key: 'bad-date',
          body: { ...line(projectId, 'S-1'), date: '2026-02-29' },
        },
        {
          op: 'billing_line.create',
          idempotency_key: 'extra',
          body: { ...line(projectId, 'S-1'), vat: '20' },
        },
        {
          op: 'billing_line.create',
          idempotency_key: 'number',
          body: { ...line(projectId, 'S-1'), amount: 10.01 },
        },
        { op: 'cost_posting.create', idempotency_key: 'no-body' },
        { op: 'billing_line.create', idempotency_key: 'good', body: line(projectId, 'S-1') },
      ],
    });
    assert.equal(response.status, 200);
    const { results } = (await response.json()) as {
      results: { status: number; error?: { code: string } }[];
    };
    assert.deepEqual(
      results.map((r) => [r.status, r.error?.code]),
      [
        [422, 'validation_failed'],
        [422, 'unknown_operation'],
        [422, 'idempotency_key_missing'],
        [422, 'validation_failed'],
        [422, 'validation_failed'],
        [422, 'validation_failed'],
        [422, 'validation_failed'],
        [201, undefined],
      ],
    );
  });

  it('implements Idempotency-Key on the single-project endpoint', async () => {
    const body = { ...project, code: 'HTTP-2' };
    const missing = await h.call('POST', '/erp/v1/projects', body);
    assert.equal(missing.status, 400);
    assert.equal(await errorCode(missing), 'idempotency_key_missing');
    const first = await h.call('POST', '/erp/v1/projects', body, { 'idempotency-key': 'http-2' });
    assert.equal(first.status, 201);
    const { project_id: id } = (await first.json()) as { project_id: string };
    // Same key, same body with keys in another order: the original answer, as a replay.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await h.call('POST', '/erp/v1/projects', reordered, { 'idempotency-key': '"http-2"' });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { project_id: id });
    const reused = await h.call(
      'POST',
      '/erp/v1/projects',
      { ...body, name: 'Other' },
      { 'idempotency-key': 'http-2' },
    );
    assert.equal(reused.status, 422);
    assert.equal(await errorCode(reused), 'idempotency_key_reused');
    const batchReplay = await h.call('POST', '/erp/v1/batch', {
      operations: [{ op: 'project.create', idempotency_key: 'http-2', body }],
    });
    assert.deepEqual(await batchReplay.json(), { results: [{ status: 200, id }] });
  });

  it('reads a project and answers 404 for an unknown one or route', async () => {
    const found = await h.call('GET', `/erp/v1/projects/${projectId}`);
    assert.equal(found.status, 200);
    assert.equal(((await found.json()) as { code: string }).code, 'HTTP-1');
    const missing = await h.call('GET', '/erp/v1/projects/PRJ-999999');
    assert.equal(missing.status, 404);
    assert.equal(await errorCode(missing), 'not_found');
    assert.equal((await h.call('GET', '/erp/v2/anything')).status, 404);
  });

  it('pages billing lines after an id, by project and by source_ref', async () => {
    const created = await h.call(
      'POST',
      '/erp/v1/projects',
      { ...project, code: 'PAGE-1' },
      { 'idempotency-key': 'page-1' },
    );
    const { project_id: pageProject } = (await created.json()) as { project_id: string };
    const operations = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5'].map((ref) => ({
      op: 'billing_line.create',
      idempotency_key: `page-${ref}`,
      body: line(pageProject, ref),
    }));
    await h.call('POST', '/erp/v1/batch', { operations });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: string = `project_id=${pageProject}&limit=2${after ? `&after=${after}` : ''}`;
      const page = (await (await h.call('GET', `/erp/v1/billing_lines?${query}`)).json()) as {
        data: { source_ref: string; billing_line_id: string }[];
        has_more: boolean;
        next_after: string | null;
      };
      seen.push(...page.data.map((l) => l.source_ref));
      after = page.next_after;
      pages++;
    } while (after !== null);
    assert.deepEqual(seen, ['P-1', 'P-2', 'P-3', 'P-4', 'P-5']);
    assert.equal(pages, 3);
    const byRef = (await (await h.call('GET', `/erp/v1/billing_lines?source_ref=P-3`)).json()) as {
      data: unknown[];
    };
    assert.equal(byRef.data.length, 1);
    const noCosts = (await (
      await h.call('GET', `/erp/v1/cost_postings?project_id=${pageProject}`)
    ).json()) as {
      data: unknown[];
      has_more: boolean;
    };
    assert.deepEqual(noCosts, { data: [], has_more: false, next_after: null });
    for (const bad of [
      'limit=0',
      'limit=1001',
      'limit=x',
      'after=CP-0000001',
      'limit=1&limit=2',
      'sort=asc',
    ]) {
      const response = await h.call('GET', `/erp/v1/billing_lines?${bad}`);
      assert.equal(response.status, 400, bad);
      assert.equal(await errorCode(response), 'invalid_query');
    }
  });

  it('configures faults, companies and tax codes through the admin endpoints', async () => {
    const invalid = await h.call('POST', '/admin/faults', { rateLimit: { every: 0, retryAfterSeconds: 1 } });
    assert.equal(invalid.status, 422);
    assert.equal(await errorCode(invalid), 'invalid_faults');
    const unknown = await h.call('POST', '/admin/faults', { meteorStrike: true });
    assert.equal(unknown.status, 422);
    const set = await h.call('POST', '/admin/faults', { serverErrors: { next: 2 }, latencyMs: 0 });
    assert.deepEqual(await set.json(), { faults: { serverErrors: { next: 2 }, latencyMs: 0 } });
    assert.equal((await h.call('GET', `/erp/v1/projects/${projectId}`)).status, 503);
    assert.deepEqual(await (await h.call('GET', '/admin/faults')).json(), {
      faults: { serverErrors: { next: 1 }, latencyMs: 0 },
    });
    await h.call('POST', '/admin/faults', {});

    const company = await h.call('POST', '/admin/companies', {
      code: 'LL-JP',
      currency: 'JPY',
      tax_codes: ['standard'],
    });
    assert.equal(company.status, 201);
    const badCompany = await h.call('POST', '/admin/companies', {
      code: 'LL-XX',
      currency: 'XXQ',
      tax_codes: [],
    });
    assert.equal(badCompany.status, 422);
    const enable = await h.call('POST', '/admin/companies/LL-JP/tax-codes', { tax_code: 'exempt' });
    assert.deepEqual(await enable.json(), { company: 'LL-JP', tax_codes: ['standard', 'exempt'] });
    const noCompany = await h.call('POST', '/admin/companies/LL-NONE/tax-codes', { tax_code: 'exempt' });
    assert.equal(noCompany.status, 404);
    assert.equal(await errorCode(noCompany), 'unknown_company');
    const noBody = await h.call('POST', '/admin/companies/LL-JP/tax-codes', { taxCode: 'exempt' });
    assert.equal(noBody.status, 422);

    // JPY has no minor unit: 1.5 h x 1001 = 1501.5, booked 1502.
    const jp = await h.call(
      'POST',
      '/erp/v1/projects',
      { ...project, code: 'JP-1', company: 'LL-JP', currency: 'JPY', tax_code: 'exempt' },
      { 'idempotency-key': 'jp-1' },
    );
    const { project_id: jpProject } = (await jp.json()) as { project_id: string };
    const posted = await h.call('POST', '/erp/v1/batch', {
      operations: [
        {
          op: 'cost_posting.create',
          idempotency_key: 'jp-cost',
          body: {
            project_id: jpProject,
            source_ref: 'JP-T1',
            employee_ref: 'E',
            date: '2026-01-01',
            hours: '1.5',
            cost_rate: '1001',
            amount: '1502',
            currency: 'JPY',
          },
        },
      ],
    });
    assert.equal(((await posted.json()) as { results: { status: number }[] }).results[0]?.status, 201);
    assert.equal(h.erp.report().costPostings.amount['JPY'], '1502');
  });

  it('never answers 5xx to random input', async () => {
    const operation = fc.record(
      {
        op: fc.oneof(
          fc.constantFrom('project.create', 'billing_line.create', 'cost_posting.create'),
          fc.string(),
        ),
        idempotency_key: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        body: fc.oneof(
          fc.jsonValue(),
          fc.record(
            { ...Object.fromEntries(Object.keys(line('x', 'y')).map((k) => [k, fc.jsonValue()])) },
            { requiredKeys: [] },
          ),
          fc.record(
            { ...Object.fromEntries(Object.keys(project).map((k) => [k, fc.jsonValue()])) },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ operations: fc.array(fc.oneof(operation, fc.jsonValue()), { maxLength: 5 }) }),
        ),
        fc.constantFrom(
          '/erp/v1/batch',
          '/erp/v1/projects',
          '/admin/faults',
          '/admin/companies',
          '/admin/companies/LL-UK/tax-codes',
        ),
        async (body, path) => {
          const response = await h.call('POST', path, JSON.stringify(body) ?? 'null', {
            'idempotency-key': 'fuzz',
          });
          await response.arrayBuffer();
          assert.ok(response.status < 500, `${path} answered ${response.status} to ${JSON.stringify(body)}`);
          await h.call('POST', '/admin/faults', {});
        },
      ),
      { numRuns: 300 },
    );
    assert.equal((await h.call('GET', `/erp/v1/projects/${projectId}`)).status, 200);
  });

  it('answers the booked counts alone, as the report counts them', async () => {
    const report = h.erp.report();
    const counts = await h.call('GET', '/admin/counts');
    assert.equal(counts.status, 200);
    assert.deepEqual(await counts.json(), {
      billingLines: report.billingLines.count,
      costPostings: report.costPostings.count,
    });
    assert.ok(report.costPostings.count > 0, 'the suite has booked something by now');
  });

  it('counts requests, rejections and replays in the report, and resets', async () => {
    const report = h.erp.report();
    assert.ok(report.requests > 0);
    assert.ok((report.rejected['validation_failed'] ?? 0) > 0);
    assert.ok(report.replays > 0);
    const reset = await h.call('POST', '/admin/reset');
    assert.equal(reset.status, 200);
    const empty = h.erp.report();
    assert.deepEqual(
      { ...empty, faultsInjected: undefined },
      {
        projects: 0,
        billingLines: { count: 0, hours: '0.00', amount: {} },
        costPostings: { count: 0, hours: '0.00', amount: {} },
        contracts: { count: 0, amount: {} },
        expenses: { count: 0, cost: {}, rebillable: { count: 0, amount: {} } },
        billingReleases: { count: 0, amount: {} },
        closedProjects: 0,
        parties: 0,
        invoices: { count: 0, byStatus: { issued: 0, part_paid: 0, paid: 0 }, net: {}, tax: {}, gross: {} },
        payments: { count: 0, amount: {} },
        replays: 0,
        rejected: {},
        requests: 0,
        faultsInjected: undefined,
        duplicateSourceRefs: 0,
        duplicateSourceRefExamples: [],
      },
    );
  });
});
