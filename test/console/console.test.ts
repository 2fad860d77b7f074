// The console in Debian's Chromium against `ledgerline demo --stay --leave-faults` (time-posting): the
// overview shows throughput; a dead letter from an injected fault (the ERP lacks a tax code) is found by
// filter, inspected, its cause fixed in the sandbox ERP over HTTP, retried from the console, and the
// posting it held back appears in the ERP exactly once; a time entry's lineage shows every stage; every
// view renders. Screenshots of each view go to test-artifacts/console/<view>.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot } from '../support/child-service.ts';
import { waitFor } from '../support/wait.ts';
import { chromiumMissing, launchBrowser } from './browser.ts';
import { startDemo, type DemoChild } from '../support/demo-child.ts';

const missing = chromiumMissing();
const artifacts = join(repoRoot, 'test-artifacts', 'console');
const erpApiKey = randomBytes(16).toString('hex');

if (missing !== false) {
  if (process.env['CI'] === 'true')
    it('needs Chromium for the console browser tests under CI', () =>
      assert.fail(`${missing}; under CI this is a failure`));
  else console.log(`# skipped: the console browser tests (test/console/console.test.ts): ${missing}`);
}

describe('the console in Chromium against ledgerline demo', { skip: missing }, () => {
  let demo: DemoChild;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext;
  let page: Page;
  /** The time entry held back by the dead letter the test retries. */
  let heldTime = '';

  /** The sandbox ERP's read API, whose injected faults (rate limits, 5xx) a read simply tries again. */
  async function erp<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${demo.erpUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${erpApiKey}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      if ((response.status === 429 || response.status >= 500) && attempt < 20) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const text = await response.text();
      assert.ok(response.ok, `${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    }
  }

  async function admin<T>(path: string): Promise<T> {
    // The staying demo runs with authentication on; its admin key is what the console signs in with.
    const response = await fetch(`${demo.consoleUrl}${path}`, {
      headers: demo.consoleKey === undefined ? {} : { authorization: `Bearer ${demo.consoleKey}` },
    });
    const text = await response.text();
    assert.equal(response.status, 200, `${path}: ${text}`);
    return JSON.parse(text) as T;
  }

  const costPostingsOf = async (timeId: string) =>
    (await erp<{ data: unknown[] }>(`/erp/v1/cost_postings?source_ref=${encodeURIComponent(timeId)}`)).data
      .length;

  async function open(view: string): Promise<void> {
    const target = `${demo.consoleUrl}/#/${view}`;
    // The same hash again is no navigation at all: load the page afresh so the view fetches anew.
    if (page.url() === target) await page.reload();
    else await page.goto(target);
    await page.locator('main h1').first().waitFor();
    await page.getByText('Loading…').first().waitFor({ state: 'detached', timeout: 30_000 });
  }

  async function screenshot(view: string, on: Page = page): Promise<void> {
    await on.screenshot({ path: join(artifacts, `${view}.png`), fullPage: true });
  }

  before(async () => {
    mkdirSync(artifacts, { recursive: true });
    demo = await startDemo(
      ['--scenario', 'time-posting', '--entries', '400', '--leave-faults'],
      { LEDGERLINE_DEMO_ERP_API_KEY: erpApiKey },
      240_000,
    );
    browser = await launchBrowser();
    context = browser.context;
    page = await context.newPage();
    // Signed in as the sign-in screen would leave it (that screen has its own test below).
    const key = demo.consoleKey;
    if (key !== undefined)
      await page.addInitScript({
        content: `sessionStorage.setItem('ledgerline.credential', ${JSON.stringify(key)});`,
      });
  });

  it('asks for a key on a fresh tab, signs in with the one the demo printed, and signs out', async () => {
    const key = demo.consoleKey;
    assert.ok(key, 'the staying demo prints an admin key');
    const fresh = await context.newPage();
    try {
      await fresh.goto(`${demo.consoleUrl}/#/overview`);
      await fresh.getByRole('heading', { name: 'Sign in' }).waitFor();
      assert.match(await fresh.getByTestId('sign-in-reason').innerText(), /needs an API key/);
      await screenshot('sign-in', fresh);
      await fresh.getByLabel('API key or bearer token').fill(key);
      await fresh.getByRole('button', { name: 'Sign in' }).click();
      await fresh.getByTestId('received-total').waitFor();
      await fresh.getByRole('button', { name: 'Sign out' }).click();
      await fresh.getByRole('heading', { name: 'Sign in' }).waitFor();
      // The link the demo prints signs in and leaves no key in the address bar.
      await fresh.goto(`${demo.consoleUrl}/#signin=${key}`);
      await fresh.getByTestId('received-total').waitFor();
      assert.ok(!fresh.url().includes(key), fresh.url());
    } finally {
      await fresh.close();
    }
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('shows non-zero throughput on the overview after the demo ran', async () => {
    await open('overview');
    const received = await page.getByTestId('received-total').locator('.figure-value').innerText();
    assert.ok(Number(received.replace(/[^0-9]/g, '')) > 0, `events received: ${received}`);
    await page.getByTestId('throughput-chart').locator('canvas').first().waitFor();
    await screenshot('overview');
  });

  it('finds a tax-code dead letter by filter, inspects it, and after the ERP fix a retry posts exactly once', async () => {
    // Which open tax-code dead letter holds back a time entry (its project was refused).
    const { deadLetters } = await admin<{ deadLetters: { id: number; subject: string }[] }>(
      '/v1/admin/dead-letters?state=open&reason=erp.tax_code_not_configured',
    );
    assert.ok(deadLetters.length > 0, 'the demo left tax-code dead letters open');
    let chosen: { id: number; subject: string } | undefined;
    for (const letter of deadLetters) {
      const { parked } = await admin<{ parked: { subject: string; type: string }[] }>(
        `/v1/admin/parked?reason=${encodeURIComponent(`xref|${letter.subject}|`)}`,
      );
      const time = parked.find((p) => p.type === 'io.ledgerline.time.approved.v1');
      if (time) {
        chosen = letter;
        heldTime = time.subject;
        break;
      }
    }
    assert.ok(chosen, 'one of them holds back approved time');
    assert.equal(await costPostingsOf(heldTime), 0, 'nothing is posted for the held-back entry yet');

    await open('dead-letters');
    await page.getByLabel('Reason').selectOption('erp.tax_code_not_configured');
    await page.getByRole('button', { name: `Inspect dead letter ${chosen.id}`, exact: true }).click();
    const payload = page.getByTestId('dead-letter-payload');
    const error = page.getByTestId('dead-letter-error');
    await payload.waitFor();
    assert.match(await payload.innerText(), new RegExp(`"id": "${chosen.subject}"`));
    const errorText = await error.innerText();
    assert.match(errorText, /tax code "reverse-charge" is not enabled for company/);
    await screenshot('dead-letters');

    // The ERP admin enables the tax code for that company, over the sandbox ERP's HTTP API.
    const company = /for company (\S+)/.exec(errorText)?.[1];
    assert.ok(company, 'the error names the company');
    await erp(`/admin/companies/${company}/tax-codes`, {
      method: 'POST',
      body: { tax_code: 'reverse-charge' },
    });

    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await page
      .getByTestId('action-status')
      .getByText(`Dead letter ${chosen.id} sent back into the pipeline.`)
      .waitFor();

    // The project is provisioned, the parked time released and posted: once.
    await waitFor(
      'the held-back time entry posted',
      async () => (await costPostingsOf(heldTime)) > 0,
      120_000,
      250,
    );
    await waitFor(
      'the time entry completed',
      async () => {
        const answer = await admin<{ matches: { state: string }[] }>(
          `/v1/admin/lineage?q=${encodeURIComponent(heldTime)}`,
        );
        return answer.matches.every((m) => m.state === 'completed');
      },
      60_000,
      250,
    );
    assert.equal(await costPostingsOf(heldTime), 1, 'exactly one cost posting for the entry');
    const report = await erp<{ duplicateSourceRefs: number }>('/admin/report');
    assert.equal(report.duplicateSourceRefs, 0, 'no source posted twice');
    const { deadLetters: still } = await admin<{ deadLetters: { id: number }[] }>(
      '/v1/admin/dead-letters?state=open&reason=erp.tax_code_not_configured',
    );
    assert.ok(!still.some((d) => d.id === chosen.id), 'the retried dead letter is no longer open');
  });

  it("shows every stage of a time entry's lineage", async () => {
    assert.ok(heldTime !== '', 'the previous test chose a time entry');
    await open(`lineage?q=${encodeURIComponent(heldTime)}`);
    const stages = page.getByTestId('lineage-stages').locator('li.stage');
    await stages.first().waitFor();
    const kinds: (string | null)[] = [];
    for (const item of await stages.all()) kinds.push(await item.getAttribute('data-stage'));
    for (const stage of ['approved', 'received', 'decided', 'delivered', 'confirmed'])
      assert.ok(kinds.includes(stage), `stage ${stage} in ${kinds.join(', ')}`);
    const delivered = await page.locator('li.stage[data-stage="delivered"]').first().innerText();
    assert.match(delivered, /CP-/, 'the ERP cost posting id');
    await screenshot('lineage');
  });

  const views = [
    'overview',
    'flows',
    'dead-letters',
    'parked',
    'lineage',
    'reconciliation',
    'business',
    'alerts',
  ];

  /** Landmarks, a labelled control for every input, and headers on every table. */
  async function checkAccessible(view: string): Promise<void> {
    assert.equal(await page.getByRole('navigation', { name: 'Views' }).count(), 1, `${view}: navigation`);
    assert.equal(await page.getByRole('main').count(), 1, `${view}: main`);
    for (const control of await page.locator('main select, main input').all()) {
      const id = await control.getAttribute('id');
      assert.ok(
        id !== null && (await page.locator(`label[for="${id}"]`).count()) === 1,
        `${view}: ${id} has a label`,
      );
    }
    for (const table of await page.locator('main table').all())
      assert.ok((await table.locator('th').count()) > 0, `${view}: a table without headers`);
  }

  it('renders every view without an error, labelled, within a laptop screen', async () => {
    for (const view of views) {
      await open(view === 'lineage' ? `lineage?q=${encodeURIComponent(heldTime)}` : view);
      const alerts = await page.getByRole('alert').allInnerTexts();
      assert.deepEqual(alerts, [], `${view} shows no error`);
      assert.ok((await page.locator('main section').count()) > 0, `${view} shows its panels`);
      await checkAccessible(view);
      // The overview, dead letters and lineage were taken above, showing what the tests did.
      if (!['overview', 'dead-letters', 'lineage'].includes(view)) await screenshot(view);
    }
    // A small laptop: nothing makes the page scroll sideways (wide tables scroll inside their panel).
    await page.setViewportSize({ width: 1024, height: 700 });
    try {
      for (const view of views) {
        await open(view);
        const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
        assert.ok(
          typeof overflow === 'number' && overflow <= 0,
          `${view} is ${String(overflow)} px too wide at 1024 px`,
        );
      }
      await open('overview');
      await screenshot('overview-1024');
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it('shows the SLA status and the alerts that the injected faults raised, from their routes', async () => {
    interface SlaRow {
      domain: string;
      objective: string;
      status: string;
    }
    interface AlertRow {
      failureDomain: string;
      state: string;
      title: string;
      key: string;
    }
    // The dead letters the faults left are raised as alerts at the next evaluation (every 15 s by default).
    const alert = await waitFor(
      'an alert raised for a dead letter',
      async () =>
        (await admin<{ alerts: AlertRow[] }>('/v1/admin/alerts?limit=50')).alerts.find((a) =>
          a.key.startsWith('dead-letter'),
        ),
      60_000,
      500,
    );
    const time = (await admin<{ domains: SlaRow[] }>('/v1/admin/sla')).domains.find(
      (d) => d.domain === 'time',
    );
    assert.ok(time, 'the time domain has an SLA objective');
    await open('overview');
    const sla = page.getByRole('region', { name: 'SLA status' });
    const timeRow = sla.getByRole('row', { name: /^time\b/ });
    await timeRow.waitFor();
    const shown = await timeRow.innerText();
    assert.ok(shown.includes(time.objective), `the time row shows its objective ${time.objective}: ${shown}`);
    assert.match(shown, /\b(ok|breached)\b/);
    await screenshot('overview-with-sla');
    await open('alerts');
    const row = page.getByRole('row', { name: alert.title }).first();
    await row.waitFor();
    const text = await row.innerText();
    assert.ok(text.includes(alert.failureDomain), `the alert row names its failure domain: ${text}`);
    assert.ok(text.includes(alert.state), `the alert row names its state: ${text}`);
    await screenshot('alerts-raised');
  });
});
