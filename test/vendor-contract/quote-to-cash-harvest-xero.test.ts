// Quote-to-cash from Harvest into Xero Accounting through a whole Ledgerline (`ledgerline serve`'s
// start path, a real SQLite file) and the spec-driven mocks of both vendors: Harvest's approved time and
// expense become lines of the project's draft invoice in Xero (the cost a manual journal); finance approves
// the invoice in Xero; Ledgerline reads it back and records it in Harvest with Xero's number; the payment
// recorded in Xero reaches Harvest too. Every request either side received conformed to its vendor's
// published description.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Config } from '../../src/config/schema.ts';
import type { JsonDecimal } from '../../src/connectors/kit/decimal-json.ts';
import { startService, type RunningService } from '../../src/service/start-service.ts';
import { legalEntities } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { signXeroWebhook } from '../../src/connectors/kit/xero-webhook.ts';
import { patchedDocument } from './overlays/index.ts';
import { firm } from './harvest/account.ts';
import { startHarvestMock, type HarvestMock } from './harvest/harvest-mock.ts';
import { startXeroOrg, type XeroOrg } from './xero/harness.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('harvest', 'xero-accounting');

describe('quote-to-cash from Harvest into Xero Accounting, through spec-driven mocks', { skip }, () => {
  let harvest: HarvestMock;
  let xero: XeroOrg;
  let service: RunningService;
  let dir: string;

  before(async () => {
    harvest = await startHarvestMock();
    xero = await startXeroOrg();
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-q2c-vendors-'));
    const config: Config = {
      store: { sqlite: join(dir, 'ledgerline.sqlite') },
      http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 262_144 },
      legalEntities,
      systems: {
        psa: [
          {
            id: 'harvest',
            connector: 'harvest',
            baseUrl: `${harvest.url}${harvest.basePath}`,
            accountId: harvest.accountId,
            accessToken: { env: 'TEST_HARVEST_TOKEN' },
            currency: 'GBP',
            projectDefaults: { legalEntityId: 'LL-UK', taxTreatment: 'standard' },
            poll: { intervalMs: 200, pageSize: 100 },
          },
        ],
        erp: {
          id: 'xero',
          connector: 'xero-accounting',
          baseUrl: `${xero.mock.url}${xero.mock.basePath}`,
          tenantId: xero.mock.tenantId,
          oauth: {
            tokenUrl: xero.identity.url,
            clientId: xero.identity.clientId,
            clientSecret: { env: 'TEST_XERO_CLIENT_SECRET' },
            refreshTokenFile: xero.tokenFile,
            initialRefreshToken: { env: 'TEST_XERO_REFRESH_TOKEN' },
          },
          legalEntityId: 'LL-UK',
          salesAccountCode: '200',
          taxTypes: { VAT20: 'OUTPUT2' },
          costJournal: { debitAccountCode: '310', creditAccountCode: '820' },
          webhookKey: { env: 'TEST_XERO_WEBHOOK_KEY' },
          poll: { intervalMs: 200, pageSize: 100 },
        },
      },
      delivery: { batchSize: 100, concurrency: 2, maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 500 },
    };
    const env = {
      TEST_HARVEST_TOKEN: harvest.token,
      TEST_XERO_CLIENT_SECRET: xero.identity.clientSecret,
      TEST_XERO_REFRESH_TOKEN: xero.identity.refreshToken,
      TEST_XERO_WEBHOOK_KEY: xero.webhookKey,
    };
    service = await startService(config, { logger: pino({ level: 'silent' }), env });
  });

  after(async () => {
    await service.stop();
    await harvest.close();
    await xero.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts approved time and expenses, and brings Xero invoice and payment back to Harvest', async () => {
    harvest.seed(firm);
    const draft = await waitFor(
      'the approved time and the billable expense on the draft invoice in Xero',
      () => {
        const [invoice] = xero.mock.invoices;
        return (invoice?.['LineItems'] as unknown[] | undefined)?.length === 2 ? invoice : undefined;
      },
      30_000,
    );
    assert.equal(xero.mock.contacts.length, 1, 'the client became one contact');
    assert.equal(xero.mock.contacts[0]?.['ContactNumber'], 'customer:harvest:5735774');
    assert.equal(draft['Reference'], 'project:harvest:14308069');
    assert.equal(draft['Status'], 'DRAFT');
    // 7.5 h x 133.33 = 999.975 -> 999.98, plus the hotel at cost.
    assert.equal((draft['SubTotal'] as JsonDecimal).text, '1145.58');
    await waitFor('the time cost as a manual journal', () => xero.mock.journals.length === 1 || undefined);
    assert.equal(xero.mock.invoices.length, 1, 'one draft per project');

    const approved = xero.mock.approve(String(draft['InvoiceID']));
    await waitFor('the invoice in Harvest', () => harvest.invoices.length === 1 || undefined, 30_000);
    const [inHarvest] = harvest.invoices;
    assert.equal(inHarvest?.['number'], approved['InvoiceNumber']);
    assert.match(String(inHarvest?.['notes']), /issued/);

    xero.mock.pay(String(draft['InvoiceID']), '1145.58', '2026-08-15');
    await waitFor('the payment in Harvest', () => inHarvest?.['state'] === 'paid' || undefined, 30_000);
    assert.equal(harvest.payments.get(String(inHarvest?.['id']))?.length, 1, 'the payment recorded once');

    for (const confirmation of [
      'io.ledgerline.expense.posted.v1',
      'io.ledgerline.payment.status-fed-back.v1',
    ])
      await waitFor(confirmation, async () => {
        const stats = await service.store.stats();
        return (stats.eventsByType[confirmation]?.['completed'] ?? 0) >= 1 || undefined;
      });
    const stats = await service.store.stats();
    assert.equal(
      stats.eventsByType['io.ledgerline.time.approved.v1']?.['completed'],
      1,
      'the approved entry only',
    );
    assert.deepEqual(
      [...harvest.violations, ...xero.mock.violations],
      [],
      'every request conformed to its vendor',
    );
  });

  it("answers Xero's intent-to-receive: 200 to a good signature, 401 to a bad one (xero-webhooks.yaml)", async () => {
    const spec = patchedDocument('xero-webhooks') as { components: { schemas: Record<string, object> } };
    const validate = new Ajv2020({ strict: false }).addSchema(spec, 'xero-webhooks.yaml');
    addFormats.default(validate);
    const check = validate.compile({ $ref: 'xero-webhooks.yaml#/components/schemas/WebhookEvent' });
    const intent = JSON.stringify({
      events: [],
      firstEventSequence: 1,
      lastEventSequence: 1,
      entropy: 'YSXZVZLGORMKKPVSUKNF',
    });
    const event = JSON.stringify({
      events: [
        {
          resourceUrl: 'https://api.xero.com/api.xro/2.0/Invoices/0f1c7d9e-4f0a-4c55-9d1e-1b2c3d4e5f60',
          resourceId: '0f1c7d9e-4f0a-4c55-9d1e-1b2c3d4e5f60',
          eventDateUtc: '2026-08-15T10:00:00.000Z',
          eventType: 'UPDATE',
          eventCategory: 'INVOICE',
          tenantId: xero.mock.tenantId,
          tenantType: 'ORGANISATION',
        },
      ],
      firstEventSequence: 2,
      lastEventSequence: 2,
      entropy: 'QWERTYUIOPASDFGHJKLZ',
    });
    for (const body of [intent, event]) assert.ok(check(JSON.parse(body)), JSON.stringify(check.errors));
    const post = (body: string, signature: string) =>
      fetch(`${service.url}/v1/webhooks/xero`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
        body,
      });
    assert.equal((await post(intent, signXeroWebhook(xero.webhookKey, intent))).status, 200);
    assert.equal((await post(intent, signXeroWebhook('another key', intent))).status, 401);
    // An event names the changed invoice only: acknowledged, and the next pull reads it.
    assert.equal((await post(event, signXeroWebhook(xero.webhookKey, event))).status, 200);
    assert.equal((await post(event, signXeroWebhook(xero.webhookKey, `${event} `))).status, 401);
  });
});
