// The Xero Accounting connector passes the connector contract against a spec-driven mock of Xero's API:
// every request it makes is validated against Xero's published OpenAPI description (with the documented
// overlays), and any request the description forbids fails the suite.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sourceContract, targetContract } from '../support/connector-contract.ts';
import { billable, cost, expense, provision } from './xero/commands.ts';
import { startXeroOrg, type XeroOrg } from './xero/harness.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('xero-accounting');
const orgs: XeroOrg[] = [];

async function org(): Promise<XeroOrg> {
  const o = await startXeroOrg();
  orgs.push(o);
  return o;
}

function contactOf(result: unknown): string {
  const r = result as { outcome: string; externalId?: string } | undefined;
  assert.equal(r?.outcome, 'ok', JSON.stringify(result));
  return r?.externalId ?? '';
}

targetContract(
  'xero-accounting',
  async () => {
    const o = await org();
    const connector = o.connector();
    const contact = contactOf((await connector.push([provision('XT-0')]))[0]);
    return {
      connector,
      commands: [
        provision('XT-1', 'GLOBEX'),
        billable('XT-T1', 'XT-0', contact),
        cost('XT-T1', 'XT-0', contact),
        billable('XT-T2', 'XT-0', contact, '2', '110.00'),
        expense('XT-E1', 'XT-0', contact),
        expense('XT-E2', 'XT-0', contact, false),
      ],
      unsupported: {
        kind: 'closeProject',
        idempotencyKey: 'close:XT-0',
        projectId: 'project:harvest:XT-0',
        projectExternalId: contact,
        closedDate: '2026-07-31',
      },
      unreachable: o.connector({ baseUrl: 'http://127.0.0.1:9/api.xro/2.0', timeoutMs: 2000 }),
      close: () => Promise.resolve(),
    };
  },
  { skip },
);

sourceContract(
  'xero-accounting',
  async () => {
    const o = await org();
    const connector = o.connector();
    for (const code of ['XS-1', 'XS-2']) {
      const contact = contactOf((await connector.push([provision(code, code)]))[0]);
      const results = await connector.push([
        billable(`${code}-T`, code, contact),
        expense(`${code}-E`, code, contact),
      ]);
      for (const r of results) assert.equal(r.outcome, 'ok', JSON.stringify(r));
    }
    const [first, second] = o.mock.invoices;
    assert.ok(first && second);
    o.mock.approve(String(first['InvoiceID']));
    o.mock.approve(String(second['InvoiceID']));
    o.mock.pay(String(first['InvoiceID']), '100.00', '2026-08-10');
    return { connector, pageSize: 1, minimumEvents: 3, close: () => Promise.resolve() };
  },
  { skip },
);

describe('xero-accounting requests against the published description', { skip }, () => {
  after(async () => {
    for (const o of orgs) await o.close();
  });
  it('every request the connector made conformed, and every answer the mock gave conformed', () => {
    const requests = orgs.flatMap((o) => o.mock.requests);
    assert.ok(requests.length > 10, `only ${requests.length} requests were made`);
    assert.deepEqual(
      orgs.flatMap((o) => o.mock.violations),
      [],
      'contract violations (see `what` and `errors`)',
    );
  });
});
