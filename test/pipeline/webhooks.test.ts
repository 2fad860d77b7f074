// The sandbox PSA's signed webhooks into Ledgerline: a duplicate delivery is one event, a bad signature
// is refused with a problem, and pulling the feed after webhooks changes nothing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { generateFirm } from '../../src/connectors/sandbox-psa/generate-firm.ts';
import { waitFor } from '../support/wait.ts';

describe('PSA webhooks and polling', () => {
  const h = useHarness({ poll: true });

  it('takes every activity once, though each webhook is delivered twice and the feed is also polled', async () => {
    for (const company of ['LL-UK', 'LL-DE', 'LL-US']) h.erp.enableTaxCode(company, 'reverse-charge');
    h.psa.setFaults({ duplicateWebhooks: 1, seed: 7 });
    h.psa.subscribeWebhook(`${h.service.url}/v1/webhooks/sandbox-psa`);
    const firm = generateFirm({
      seed: 7,
      projects: 4,
      consultants: 6,
      entries: 120,
      incompleteProjects: 0,
      lateProjects: 1,
      currencies: ['GBP'],
    });
    const seeded = h.psa.seed(firm);
    await h.psa.deliveriesSettled();
    await waitFor(
      'pipeline quiescent',
      async () => {
        const stats = await h.service.store.stats();
        const posted = stats.eventsByType['io.ledgerline.time.posted.v1']?.['completed'] ?? 0;
        return (
          posted === h.psa.report().approved.entries &&
          stats.events.accepted === 0 &&
          stats.deliveries.pending === 0
        );
      },
      60_000,
    );
    const stats = await h.service.store.stats();
    const external = Object.entries(stats.eventsByType)
      .filter(([type]) => !type.endsWith('.provisioned.v1') && !type.endsWith('.posted.v1'))
      .reduce((n, [, states]) => n + Object.values(states).reduce((a, b) => a + b, 0), 0);
    assert.equal(external, seeded.activities, 'one stored event per PSA activity');
    assert.ok(stats.duplicatesRefused >= seeded.activities, 'each activity arrived at least twice');
    const erp = h.erp.report();
    assert.equal(erp.duplicateSourceRefs, 0);
    assert.equal(erp.costPostings.count, h.psa.report().approved.entries);
  });

  it('refuses a webhook with a bad signature with 401 problem details', async () => {
    const body = JSON.stringify({ activity: { id: 'act_999999' } });
    const response = await h.post('/v1/webhooks/sandbox-psa', body, {
      'webhook-id': 'act_999999',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    });
    assert.equal(response.status, 401);
    assert.match(response.contentType, /application\/problem\+json/);
    assert.equal((response.body as { reasonCode: string }).reasonCode, 'webhook.signature_invalid');
  });

  it('answers a webhook for an unconfigured system with 404', async () => {
    const response = await h.post('/v1/webhooks/nope', '{}');
    assert.equal(response.status, 404);
  });
});
