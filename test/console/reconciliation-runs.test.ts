// The reconciliation view's period runs in Chromium: a run made with `ledgerline reconcile --period
// --config` against a harness (the demo reconciles no period) is listed, and its drill-down shows the
// differences source against target, filtered by class, labelled, within 1280 and 1024 px.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useHarness } from '../support/harness.ts';
import { runCli, writeConfig } from '../support/child-service.ts';
import { oneEntryFirm } from '../support/one-entry-firm.ts';
import { chromiumMissing, launchBrowser } from './browser.ts';

const missing = chromiumMissing();

describe('the console: period reconciliation runs', { skip: missing }, () => {
  const h = useHarness();
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  after(async () => browser.close());

  it('lists a run and drills into its differences by class', async () => {
    h.psa.seed(oneEntryFirm);
    const ran = await runCli(
      ['reconcile', '--period', '2026-10', '--config', writeConfig(h.dir, h.config)],
      h.env,
    );
    assert.equal(ran.code, 1, ran.stderr);

    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${h.service.url}/#/reconciliation`);
      const runs = page.getByTestId('recon-runs');
      await runs.waitFor();
      assert.match(await runs.innerText(), /2026-10[\s\S]*2 differences[\s\S]*missing in target 2/);
      await page.getByRole('button', { name: /Show differences of run/ }).click();
      const differences = page.getByTestId('recon-differences');
      await differences.waitFor();
      const text = await differences.innerText();
      assert.match(text, /billable-time:time:sandbox-psa:100001/);
      assert.match(text, /999\.98 GBP[\s\S]*no record[\s\S]*-999\.98/);
      for (const label of ['Period', 'Class'])
        assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, `${label} is labelled`);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(typeof overflow === 'number' && overflow <= 0, `${String(overflow)} px too wide at ${width}`);
    }
    await page.getByLabel('Class', { exact: true }).selectOption('amount_drift');
    await page.getByText('No differences of this class.').waitFor();
  });

  it('signs a period off from the console: refused while differences are open, signed once accepted', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${h.service.url}/#/reconciliation`);
    await page.getByLabel('Month to sign off').fill('2026-10');
    const button = page.getByRole('button', { name: 'Reconcile and sign off' });
    const status = page.getByTestId('sign-off-status');
    await button.click();
    await page.getByText(/^Not signed: /).waitFor();
    assert.match(await status.innerText(), /2 difference\(s\) open in 2026-10: nothing was signed/);
    assert.deepEqual(await h.service.store.listSignOffs(), []);

    await page.getByLabel('Accept open differences because (optional)').fill('posted in November');
    await button.click();
    await page.getByText(/^Signed off 2026-10 as #\d+ by api, 2 difference\(s\)\.$/).waitFor();
    const [signed] = await h.service.store.listSignOffs();
    assert.equal(signed?.acceptedDifferences, 'posted in November');
    // The list of sign-offs is fetched again and shows it, its chain intact.
    await page.getByRole('button', { name: `Show totals of sign-off ${signed.seq}` }).waitFor();
    assert.match(await page.getByRole('row', { name: /2026-10 all api/ }).innerText(), /intact/);
  });
});
