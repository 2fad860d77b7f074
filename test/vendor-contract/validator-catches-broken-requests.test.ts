// The validator behind the spec-driven mocks is not a formality: a request Xero's description forbids is
// answered 400 and recorded as a contract violation, which is what fails a connector's contract suite
// (xero-accounting.contract.test.ts asserts there are none). Each case here breaks one rule on purpose.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XeroHttp } from '../../src/connectors/xero-accounting/client/xero-http.ts';
import { jsonNumber } from '../../src/connectors/kit/decimal-json.ts';
import { OAuth2Session } from '../../src/connectors/kit/oauth2-refresh.ts';
import { startXeroOrg, type XeroOrg } from './xero/harness.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('xero-accounting');

describe('the contract validator catches requests the Xero description forbids', { skip }, () => {
  let o: XeroOrg;
  let http: XeroHttp;
  let contactId: string;
  before(async () => {
    o = await startXeroOrg();
    const session = new OAuth2Session({
      tokenUrl: o.identity.url,
      clientId: o.identity.clientId,
      clientSecret: o.identity.clientSecret,
      refreshTokenFile: o.tokenFile,
      initialRefreshToken: o.identity.refreshToken,
      timeoutMs: 5000,
    });
    http = new XeroHttp({
      baseUrl: `${o.mock.url}${o.mock.basePath}`,
      tenantId: o.mock.tenantId,
      session,
      timeoutMs: 5000,
    });
    const created = await http.send({
      method: 'PUT',
      path: '/Contacts',
      body: { Contacts: [{ Name: 'Acme Ltd' }] },
    });
    assert.equal(created.kind, 'ok', JSON.stringify(created));
    contactId = String(
      (created as { body: { Contacts: { ContactID: string }[] } }).body.Contacts[0]?.ContactID,
    );
  });
  after(() => o.close());

  const invoice = (line: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    Invoices: [{ Type: 'ACCREC', Contact: { ContactID: contactId }, LineItems: [line], ...extra }],
  });

  it('accepts a well-formed invoice (the baseline the broken ones differ from)', async () => {
    const before = o.mock.violations.length;
    const ok = await http.send({
      method: 'PUT',
      path: '/Invoices',
      body: invoice({
        Description: 'Workshop',
        Quantity: jsonNumber('7.5'),
        UnitAmount: jsonNumber('133.33'),
      }),
    });
    assert.equal(ok.kind, 'ok', JSON.stringify(ok));
    assert.equal(o.mock.violations.length, before);
  });

  it('refuses a line quantity sent as text (wrong type) and records the violation naming the field', async () => {
    const before = o.mock.violations.length;
    const broken = await http.send({
      method: 'PUT',
      path: '/Invoices',
      body: invoice({ Description: 'Workshop', Quantity: '7.5 hours', UnitAmount: jsonNumber('133.33') }),
    });
    assert.equal(broken.kind, 'reject', JSON.stringify(broken));
    assert.equal(broken.kind === 'reject' ? broken.reasonCode : '', 'xero.validation_failed');
    const [violation] = o.mock.violations.slice(before);
    assert.equal(violation?.kind, 'request');
    assert.match(violation.what, /createInvoices/);
    assert.match(JSON.stringify(violation.errors), /Quantity/);
    assert.match(JSON.stringify(violation.errors), /must be number/);
  });

  it('refuses an invoice type the enum does not have', async () => {
    const before = o.mock.violations.length;
    const broken = await http.send({
      method: 'PUT',
      path: '/Invoices',
      body: invoice(
        { Description: 'x', Quantity: jsonNumber('1'), UnitAmount: jsonNumber('1') },
        { Type: 'SALES' },
      ),
    });
    assert.equal(broken.kind, 'reject');
    assert.match(
      JSON.stringify(o.mock.violations.slice(before)),
      /Type.*must be equal to one of the allowed values/,
    );
  });

  it('refuses a manual journal without its required Narration', async () => {
    const before = o.mock.violations.length;
    const broken = await http.send({
      method: 'PUT',
      path: '/ManualJournals',
      body: {
        ManualJournals: [
          {
            JournalLines: [
              { LineAmount: jsonNumber('10.00'), AccountCode: '310' },
              { LineAmount: jsonNumber('-10.00'), AccountCode: '820' },
            ],
          },
        ],
      },
    });
    assert.equal(broken.kind, 'reject');
    assert.match(JSON.stringify(o.mock.violations.slice(before)), /must have required property 'Narration'/);
  });

  it('refuses a request without the xero-tenant-id header', async () => {
    const before = o.mock.violations.length;
    const token = o.identity.accessTokens.values().next().value as string;
    const response = await fetch(`${o.mock.url}${o.mock.basePath}/Invoices`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    assert.equal(response.status, 400);
    assert.match(JSON.stringify(o.mock.violations.slice(before)), /xero-tenant-id/);
  });

  it('records a call to an operation the description does not have', async () => {
    const before = o.mock.violations.length;
    const outcome = await http.send({ method: 'GET', path: '/Timesheets' });
    assert.equal(outcome.kind, 'reject');
    assert.deepEqual(
      o.mock.violations.slice(before).map((v) => v.kind),
      ['unknown-operation'],
    );
  });
});
