// The Xero Projects connector passes the source contract against a spec-driven mock of Xero Projects:
// every request is validated against Xero's published description (with the documented overlays,
// among them the invalid example uuids), and any request it forbids fails the suite.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  createXeroProjectsConnector,
  type XeroProjectsConnector,
} from '../../src/connectors/xero-projects/connector.ts';
import { minutesToHours } from '../../src/connectors/xero-projects/map-events.ts';
import { sourceContract } from '../support/connector-contract.ts';
import { projectsFirm } from './xero/projects-firm.ts';
import { startXeroProjectsMock, type XeroProjectsMock } from './xero/projects-mock.ts';
import { startXeroOrg, type XeroOrg } from './xero/harness.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('xero-projects', 'xero-accounting');
const opened: { org: XeroOrg; projects: XeroProjectsMock }[] = [];

async function open(): Promise<{ projects: XeroProjectsMock; connector: XeroProjectsConnector }> {
  const org = await startXeroOrg();
  const projects = await startXeroProjectsMock(org.identity);
  projects.seed(projectsFirm);
  opened.push({ org, projects });
  const connector = createXeroProjectsConnector({
    system: 'xero-projects',
    baseUrl: `${projects.url}${projects.basePath}`,
    tenantId: org.mock.tenantId,
    oauth: {
      tokenUrl: org.identity.url,
      clientId: org.identity.clientId,
      clientSecret: org.identity.clientSecret,
      refreshTokenFile: org.tokenFile,
      initialRefreshToken: org.identity.refreshToken,
    },
    projectDefaults: { legalEntityId: 'LL-UK', taxTreatment: 'standard' },
    costRates: { byUser: {}, default: { amount: '70.00', currency: 'GBP' } },
    timeoutMs: 5000,
    onSkipped: () => undefined,
  });
  return { projects, connector };
}

sourceContract(
  'xero-projects',
  async () => {
    const { connector } = await open();
    // The user, the project, the two locked entries (the open one is not approved time).
    return { connector, pageSize: 1, minimumEvents: 4, close: () => Promise.resolve() };
  },
  { skip },
);

describe('xero-projects against the published description', { skip }, () => {
  after(async () => {
    for (const o of opened) {
      await o.projects.close();
      await o.org.close();
    }
  });

  it('reads locked time only, with minutes as hours half-up, at the task rate', async () => {
    const { connector } = await open();
    const events = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await connector.pull(cursor, 50);
      events.push(...page.events);
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    const time = events
      .filter((e) => e.type === 'io.ledgerline.time.approved.v1')
      .map((e) => e.data as { hours: string; billRate?: { amount: string } });
    assert.deepEqual(
      time.map((t) => [t.hours, t.billRate?.amount]),
      [
        ['7.5', '150.00'],
        ['0.33', '150.00'],
      ],
    );
    assert.equal(minutesToHours(45), '0.75');
    assert.equal(minutesToHours(1), '0.02');
    assert.equal(minutesToHours(60), '1');
  });

  it('every request the connector made conformed, and every answer the mock gave conformed', () => {
    const requests = opened.flatMap((o) => o.projects.requests);
    assert.ok(requests.length > 5, `only ${requests.length} requests were made`);
    assert.deepEqual(
      opened.flatMap((o) => o.projects.violations),
      [],
      'contract violations',
    );
  });
});
