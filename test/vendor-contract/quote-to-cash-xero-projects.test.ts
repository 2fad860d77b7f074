// Quote-to-cash inside one Xero organisation, from Xero Projects into Xero Accounting, through a whole
// Ledgerline and the spec-driven mocks of both APIs (one Xero connection: one token endpoint, one
// refresh-token file). A project for a contact of the organisation is provisioned onto that contact;
// locked time becomes lines of the project's draft invoice and cost journals; the approved invoice and
// its payment are read back. Xero Projects has no place for them (they are in Accounting, where the firm
// sees them): nothing is sent to it, and the events complete with a note saying so.
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
import { startXeroOrg, type XeroOrg } from './xero/harness.ts';
import { contactId, projectsFirm } from './xero/projects-firm.ts';
import { startXeroProjectsMock, type XeroProjectsMock } from './xero/projects-mock.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('xero-projects', 'xero-accounting');

describe('quote-to-cash from Xero Projects into Xero Accounting, through spec-driven mocks', { skip }, () => {
  let xero: XeroOrg;
  let projects: XeroProjectsMock;
  let service: RunningService;
  let dir: string;

  before(async () => {
    xero = await startXeroOrg();
    projects = await startXeroProjectsMock(xero.identity);
    // The organisation's customer, as Accounting holds it.
    xero.mock.contacts.push({
      ContactID: contactId,
      Name: 'Globex Corporation',
      ContactStatus: 'ACTIVE',
      UpdatedDateUTC: '/Date(1782864000000+0000)/',
    });
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-q2c-xero-'));
    const oauth = {
      tokenUrl: xero.identity.url,
      clientId: xero.identity.clientId,
      clientSecret: { env: 'TEST_XERO_CLIENT_SECRET' },
      // One Xero connection: both connectors keep the one rotated refresh token in the same file.
      refreshTokenFile: xero.tokenFile,
      initialRefreshToken: { env: 'TEST_XERO_REFRESH_TOKEN' },
    };
    const config: Config = {
      store: { sqlite: join(dir, 'ledgerline.sqlite') },
      http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 262_144 },
      legalEntities,
      systems: {
        psa: [
          {
            id: 'xero-projects',
            connector: 'xero-projects',
            baseUrl: `${projects.url}${projects.basePath}`,
            tenantId: xero.mock.tenantId,
            oauth,
            projectDefaults: { legalEntityId: 'LL-UK', taxTreatment: 'standard' },
            costRates: { byUser: {}, default: { amount: '70.00', currency: 'GBP' } },
            poll: { intervalMs: 1000, pageSize: 100 },
          },
        ],
        erp: {
          id: 'xero',
          connector: 'xero-accounting',
          baseUrl: `${xero.mock.url}${xero.mock.basePath}`,
          tenantId: xero.mock.tenantId,
          oauth,
          legalEntityId: 'LL-UK',
          salesAccountCode: '200',
          costJournal: { debitAccountCode: '310', creditAccountCode: '820' },
          poll: { intervalMs: 1000, pageSize: 100 },
        },
      },
      delivery: { batchSize: 100, concurrency: 2, maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 200 },
    };
    const env = {
      TEST_XERO_CLIENT_SECRET: xero.identity.clientSecret,
      TEST_XERO_REFRESH_TOKEN: xero.identity.refreshToken,
    };
    service = await startService(config, { logger: pino({ level: 'silent' }), env });
  });

  after(async () => {
    await service.stop();
    await projects.close();
    await xero.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('bills locked time on the contact the project names, and reads the invoice and payment back', async () => {
    projects.seed(projectsFirm);
    const draft = await waitFor(
      'both locked entries on the draft invoice',
      () => {
        const [invoice] = xero.mock.invoices;
        return (invoice?.['LineItems'] as unknown[] | undefined)?.length === 2 ? invoice : undefined;
      },
      30_000,
    );
    assert.equal(xero.mock.contacts.length, 1, "the organisation's contact was used, not duplicated");
    assert.equal((draft['Contact'] as { ContactID: string }).ContactID, contactId);
    // 7.5 h and 0.33 h (20 minutes, half-up) at 150.00.
    assert.equal((draft['SubTotal'] as JsonDecimal).text, '1174.50');
    await waitFor('two cost journals', () => xero.mock.journals.length === 2 || undefined);

    xero.mock.approve(String(draft['InvoiceID']));
    xero.mock.pay(String(draft['InvoiceID']), '1174.50', '2026-08-20');
    // Read back and completed where they are: Xero Projects takes no invoice or payment status.
    const stats = await waitFor(
      'the invoice and payment read back and completed',
      async () => {
        const now = await service.store.stats();
        const done = (type: string) => now.eventsByType[type]?.['completed'] === 1;
        return done('io.ledgerline.invoice.issued.v1') && done('io.ledgerline.payment.received.v1')
          ? now
          : undefined;
      },
      30_000,
    );
    assert.equal(stats.deadLettersOpen, 0, 'nothing was sent to Xero Projects to be refused');
    assert.equal(stats.eventsByType['io.ledgerline.time.approved.v1']?.['completed'], 2);
    assert.deepEqual([...projects.violations, ...xero.mock.violations], [], 'every request conformed');
    // One session per thread for the one connection: the polling thread (both connectors) and the delivery
    // thread each refreshed once, each from the rotated token the other left in the file.
    assert.equal(xero.identity.refreshes, 2);
  });
});
