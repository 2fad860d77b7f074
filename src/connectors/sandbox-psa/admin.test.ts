// Bad input to any endpoint is answered with a 4xx JSON error naming the problem, and the sandbox keeps
// serving afterwards; the programmatic handle throws the same refusals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandboxPsa, type SandboxPsa } from './server.ts';
import { SandboxPsaError } from './sim/errors.ts';
import { requestJson, testSecret } from './test-support/http.ts';
import { tinyFirm } from './test-support/tiny-firm.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: string[] };
}

describe('admin and API input checks', () => {
  let psa: SandboxPsa;

  before(async () => {
    psa = await startSandboxPsa({ webhookSecret: testSecret });
    psa.seed(tinyFirm());
  });
  after(() => psa.close());

  const refused = async (method: string, path: string, body: unknown, status: number, pattern?: RegExp) => {
    const response = await requestJson(method, `${psa.url}${path}`, body);
    assert.equal(response.status, status, `${method} ${path} ${JSON.stringify(response.body)}`);
    const { error } = response.body as ErrorBody;
    assert.equal(typeof error.code, 'string');
    if (pattern) assert.match(`${error.message} ${(error.details ?? []).join(' | ')}`, pattern);
  };

  test('seed refuses unreadable, ill-shaped and inconsistent firms without loading any of it', async () => {
    const firm = tinyFirm();
    const fresh = { ...firm, users: [], projects: [], time_entries: [] };
    const entry = firm.time_entries[0];
    assert.ok(entry);
    const user = {
      id: 'U-9',
      name: 'New Hire',
      email: 'new@ledgerline.example',
      cost_rate: '50.00',
      cost_currency: 'GBP',
    };
    await refused('POST', '/admin/seed', '{"users": [', 400);
    await refused('POST', '/admin/seed', '', 400);
    await refused('POST', '/admin/seed', [], 400);
    await refused('POST', '/admin/seed', { ...firm, extra: 1 }, 400, /extra is not a known field/);
    await refused(
      'POST',
      '/admin/seed',
      { ...fresh, users: [{ ...user, cost_rate: 50 }] },
      400,
      /\/users\/0\/cost_rate/,
    );
    await refused('POST', '/admin/seed', firm, 409, /already exists/);
    await refused(
      'POST',
      '/admin/seed',
      { ...fresh, users: [{ ...user, cost_currency: 'XXY' }] },
      422,
      /unknown currency/,
    );
    const orphan = { ...entry, id: 200001, user_id: 'U-99', hours: 1.234, bill_rate: null };
    await refused(
      'POST',
      '/admin/seed',
      { ...fresh, time_entries: [orphan] },
      422,
      /unknown user.*hours.*bill_rate/,
    );
    await refused('POST', '/admin/seed', { ...fresh, users: [user, user] }, 409, /U-9 already exists/);
    const response = await fetch(`${psa.url}/admin/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: 'x',
    });
    assert.equal(response.status, 415);
    assert.equal(psa.report().activities, 13, 'nothing was published by the refused seeds');
  });

  test('complete-setup and approve refuse bad bodies, unknown ids and conflicts', async () => {
    await refused('POST', '/admin/projects/P-1003/complete-setup', {}, 400);
    await refused(
      'POST',
      '/admin/projects/P-1003/complete-setup',
      { tax_treatment: 'vat' },
      400,
      /tax_treatment/,
    );
    await refused('POST', '/admin/projects/P-1003/complete-setup', { colour: 'red' }, 400, /colour/);
    await refused('POST', '/admin/projects/P-9999/complete-setup', { company: 'LL-UK' }, 404);
    await refused(
      'POST',
      '/admin/projects/P-1003/complete-setup',
      { company: 'LL-FR' },
      422,
      /unknown company/,
    );
    await refused('POST', '/admin/projects/P-1003/complete-setup', { currency: 'EUR' }, 409, /priced in GBP/);
    await refused('POST', '/admin/time_entries/abc/approve', { approved_by: 'U-3' }, 400);
    await refused('POST', '/admin/time_entries/999/approve', { approved_by: 'U-3' }, 404);
    await refused('POST', '/admin/time_entries/100007/approve', undefined, 400);
    await refused(
      'POST',
      '/admin/time_entries/100007/approve',
      { approved_by: 'U-77' },
      422,
      /unknown approver/,
    );
    await refused(
      'POST',
      '/admin/time_entries/100007/approve',
      { approved_by: 'U-3', approved_at: 'today' },
      400,
    );
    await refused(
      'POST',
      '/admin/time_entries/100001/approve',
      { approved_by: 'U-3' },
      409,
      /already approved/,
    );
  });

  test('faults, subscriptions, look-ups and unknown routes refuse bad input', async () => {
    await refused('POST', '/admin/faults', { duplicateWebhooks: 2 }, 400, /duplicateWebhooks/);
    await refused('POST', '/admin/faults', { failPulls: -1 }, 400);
    await refused('POST', '/admin/faults', { chaos: true }, 400, /chaos/);
    await refused('POST', '/api/v2/webhook_subscriptions', { url: 'ftp://example.com/hook' }, 400);
    await refused('POST', '/api/v2/webhook_subscriptions', { url: 42 }, 400);
    await refused('POST', '/api/v2/webhook_subscriptions', 'null', 400);
    await refused('DELETE', '/api/v2/webhook_subscriptions/whs_nope', undefined, 404);
    await refused('GET', '/api/v2/users/U-404', undefined, 404);
    await refused('GET', '/api/v2/time_entries/1e3', undefined, 400);
    await refused('GET', '/api/v3/activities', undefined, 404);
    const faults = await requestJson('POST', `${psa.url}/admin/faults`, { latencyMs: 0, seed: 5 });
    assert.equal(faults.status, 200);
    assert.deepEqual(faults.body, {
      duplicateWebhooks: 0,
      webhookDelayMs: 0,
      failPulls: 0,
      throttleWrites: 0,
      writeRetryAfterSeconds: 1,
      failWrites: 0,
      loseWriteAnswers: 0,
      latencyMs: 0,
      seed: 5,
    });
    const entry = await requestJson('GET', `${psa.url}/api/v2/time_entries/100001`);
    assert.equal((entry.body as { hours: number }).hours, 7.5);
  });

  test('subscriptions can be listed and removed', async () => {
    const created = await requestJson('POST', `${psa.url}/api/v2/webhook_subscriptions`, {
      url: 'http://127.0.0.1:9/x',
    });
    const { id } = created.body as { id: string };
    const listed = await requestJson('GET', `${psa.url}/api/v2/webhook_subscriptions`);
    assert.deepEqual(
      (listed.body as { webhook_subscriptions: { id: string }[] }).webhook_subscriptions.map((s) => s.id),
      [id],
    );
    assert.equal((await requestJson('DELETE', `${psa.url}/api/v2/webhook_subscriptions/${id}`)).status, 204);
    assert.equal(
      (await requestJson('GET', `${psa.url}/api/v2/webhook_subscriptions`)).body !== undefined,
      true,
    );
  });

  test('the programmatic handle throws the same refusals', () => {
    assert.throws(
      () => psa.approveTime(100001, { approved_by: 'U-3' }),
      (e: unknown) => e instanceof SandboxPsaError && e.status === 409,
    );
    assert.throws(
      () => psa.setFaults({ latencyMs: -5 }),
      (e: unknown) => e instanceof SandboxPsaError && e.status === 400,
    );
  });

  test('refuses to start with a malformed webhook secret', async () => {
    await assert.rejects(startSandboxPsa({ webhookSecret: 'not-a-secret' }), RangeError);
    await assert.rejects(startSandboxPsa({ webhookSecret: 'whsec_c2hvcnQ=' }), RangeError);
  });
});
