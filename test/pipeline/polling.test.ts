// Pulling the PSA's change feed: a 503 with Retry-After pauses the poller for as long as asked, and the
// feed is then read to the end from the saved cursor.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { generateFirm } from '../../src/connectors/sandbox-psa/generate-firm.ts';
import { cursorName } from '../../src/pipeline/poller.ts';
import { waitFor } from '../support/wait.ts';

describe('polling the PSA feed', () => {
  const h = useHarness({ poll: true });

  it('honours Retry-After from the source, then ingests every activity once', async () => {
    h.psa.setFaults({ failPulls: 3 });
    const failures: string[] = [];
    h.service.pipeline.bus.on('stage.failed', ({ stage, error }) =>
      failures.push(`${stage}: ${error.message}`),
    );
    const started = Date.now();
    const seeded = h.psa.seed(
      generateFirm({
        seed: 3,
        projects: 3,
        consultants: 4,
        entries: 30,
        lateProjects: 0,
        incompleteProjects: 0,
        currencies: ['GBP'],
      }),
    );
    await waitFor(
      'every activity stored',
      async () => {
        const stats = await h.service.store.stats();
        const stored = Object.entries(stats.eventsByType)
          .filter(([type]) => !type.endsWith('.provisioned.v1') && !type.endsWith('.posted.v1'))
          .reduce((n, [, states]) => n + Object.values(states).reduce((a, b) => a + b, 0), 0);
        return stored === seeded.activities;
      },
      30_000,
    );
    const elapsed = Date.now() - started;
    assert.equal(failures.filter((f) => f.startsWith('poller')).length, 3, failures.join('\n'));
    assert.ok(
      elapsed >= 2_900,
      `three Retry-After: 1 answers make the poller wait about 3 s, it waited ${elapsed} ms`,
    );
    assert.equal(await h.service.store.getCursor(cursorName('sandbox-psa')), String(seeded.last_seq));
  });
});
