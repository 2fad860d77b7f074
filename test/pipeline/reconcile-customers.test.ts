// Reconciling the customer master: the ERP's customers as its feed states them, against the PSA's copies.
// A client changed by hand in the PSA shows up as drift naming the field; a customer the PSA does not hold
// shows up as missing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSandboxErpConnector } from '../../src/connectors/sandbox-erp/connector.ts';
import { createSandboxPsaConnector } from '../../src/connectors/sandbox-psa/connector.ts';
import { reconcileCustomers } from '../../src/pipeline/reconcile-customers.ts';
import { useHarness, type Harness } from '../support/harness.ts';
import { waitFor } from '../support/wait.ts';
import { runCli, writeConfig } from '../support/child-service.ts';

async function addParty(h: Harness, code: string, legalName: string): Promise<void> {
  const response = await fetch(`${h.erp.url}/admin/parties`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.secrets.apiKey}` },
    body: JSON.stringify({
      party_code: code,
      legal_name: legalName,
      trade_name: code,
      currency: 'GBP',
      company: 'LL-UK',
      payment_terms_days: 30,
      active: true,
    }),
  });
  assert.ok(response.status < 300, await response.text());
}

describe('customer master reconciliation', () => {
  const h = useHarness({ erpPoll: true });

  it('finds the PSA in sync, then names a field changed by hand in the PSA and a customer it lacks', async () => {
    await addParty(h, 'ACME', 'Acme Logistics Ltd');
    await addParty(h, 'GLOBEX', 'Globex plc');
    // The PSA holds them before Ledgerline has recorded its answers (the cross-references): wait for those.
    await waitFor('both customers synced to the PSA', async () => {
      const stats = await h.service.store.stats();
      return stats.eventsByType['io.ledgerline.customer.synced.v1']?.['completed'] === 2 || undefined;
    });
    const erp = createSandboxErpConnector({
      system: 'sandbox-erp',
      baseUrl: h.erp.url,
      apiKey: h.secrets.apiKey,
    });
    const psa = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: h.psa.url,
      webhookSecret: h.secrets.webhookSecret,
    });
    try {
      const clean = await reconcileCustomers({ master: erp, psas: [psa], store: h.service.store });
      assert.deepEqual(clean.psas, [{ system: 'sandbox-psa', inSync: 2, drifted: [], missing: [] }]);
      assert.equal(clean.ok, true);

      // Someone renames the client in the PSA directly, outside Ledgerline.
      const edit = await fetch(
        `${h.psa.url}/api/v2/clients/${encodeURIComponent('customer:sandbox-erp:ACME')}`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'idempotency-key': '"manual-edit-1"' },
          body: JSON.stringify({
            name: 'ACME',
            legal_name: 'Acme Renamed Ltd',
            billing_currency: null,
            active: true,
          }),
        },
      );
      assert.ok(edit.status < 300, await edit.text());
      // And a customer arrives in the ERP while the PSA refuses every write (it is being retried).
      h.psa.setFaults({ failWrites: 1_000_000 });
      await addParty(h, 'INITECH', 'Initech Ltd');
      await waitFor('the new customer read from the ERP', async () => {
        const stats = await h.service.store.stats();
        return (
          (stats.eventsByType['io.ledgerline.customer.created.v1']?.['delivering'] ?? 0) > 0 || undefined
        );
      });

      const drifted = await reconcileCustomers({ master: erp, psas: [psa], store: h.service.store });
      assert.equal(drifted.ok, false);
      assert.equal(drifted.customers, 3);
      const [report] = drifted.psas;
      assert.equal(report?.inSync, 1);
      assert.deepEqual(report.missing, ['customer:sandbox-erp:INITECH']);
      // The same comparison from the command line: listed, and exit code 1.
      const cli = await runCli(['reconcile', 'customers', '--config', writeConfig(h.dir, h.config)], h.env);
      assert.equal(cli.code, 1, cli.stderr);
      assert.match(cli.stdout, /sandbox-psa: 1 in sync, 1 drifted, 1 missing/);
      assert.match(
        cli.stdout,
        /customer:sandbox-erp:ACME \(C-\d+\) legalName: "Acme Renamed Ltd" in sandbox-psa, "Acme Logistics Ltd" in sandbox-erp/,
      );
      assert.match(cli.stdout, /customer:sandbox-erp:INITECH is not in sandbox-psa/);
      assert.deepEqual(
        report.drifted.map((d) => [d.customerId, d.fields]),
        [
          [
            'customer:sandbox-erp:ACME',
            [
              { field: 'legalName', master: 'Acme Logistics Ltd', held: 'Acme Renamed Ltd' },
              { field: 'billingCurrency', master: 'GBP', held: null },
            ],
          ],
        ],
      );

      // Repair: the command queues a resync per difference; the running service writes the ERP's record
      // again (under keys of their own), and the next reconciliation finds everything in sync.
      h.psa.setFaults({ failWrites: 0 });
      const repair = await runCli(
        ['reconcile', 'customers', '--config', writeConfig(h.dir, h.config), '--repair'],
        h.env,
      );
      assert.equal(repair.code, 1, repair.stderr);
      assert.match(repair.stderr, /queued 2 resync request\(s\)/);
      await waitFor(
        'the PSA repaired',
        async () => {
          const again = await reconcileCustomers({ master: erp, psas: [psa], store: h.service.store });
          return again.ok || undefined;
        },
        20_000,
      );
      const stats = await h.service.store.stats();
      assert.deepEqual(stats.eventsByType['io.ledgerline.customer.resync-requested.v1'], { completed: 2 });
    } finally {
      h.psa.setFaults({});
      await Promise.all([erp.close(), psa.close()]);
    }
  });
});

describe('periodic customer reconciliation in the service', () => {
  const h = useHarness({ erpPoll: true, reconcileCustomersEveryMs: 1_000 });

  it('reports on the bus, every interval, whether every PSA holds what the ERP says', async () => {
    const reports: { ok: boolean; customers: number }[] = [];
    h.service.pipeline.bus.on('reconciliation.completed', (r) => reports.push(r));
    await addParty(h, 'ACME', 'Acme Logistics Ltd');
    await waitFor('the customer in the PSA', () => h.psa.report().clients.fromErp === 1 || undefined);
    await waitFor(
      'a reconciliation that finds it in sync',
      () => reports.some((r) => r.ok && r.customers === 1) || undefined,
      10_000,
    );
  });
});

describe('periodic customer reconciliation that repairs', () => {
  const h = useHarness({ erpPoll: true, reconcileCustomersEveryMs: 1_000, reconcileRepair: true });

  it("writes the ERP's record again over a copy changed by hand in the PSA", async () => {
    const reports: { ok: boolean; customers: number; drifted: number }[] = [];
    h.service.pipeline.bus.on('reconciliation.completed', (r) => reports.push(r));
    await addParty(h, 'ACME', 'Acme Logistics Ltd');
    await waitFor(
      'a reconciliation in sync',
      () => reports.some((r) => r.ok && r.customers === 1) || undefined,
      10_000,
    );
    const ref = encodeURIComponent('customer:sandbox-erp:ACME');
    const edit = await fetch(`${h.psa.url}/api/v2/clients/${ref}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'idempotency-key': '"manual-edit-2"' },
      body: JSON.stringify({ name: 'ACME', legal_name: 'Renamed', billing_currency: 'GBP', active: true }),
    });
    assert.ok(edit.status < 300, await edit.text());
    const seen = reports.length;
    await waitFor(
      'a reconciliation that finds the drift',
      () => reports.slice(seen).some((r) => r.drifted === 1) || undefined,
      10_000,
    );
    const found = reports.length;
    await waitFor(
      'a later reconciliation in sync again',
      () => reports.slice(found).some((r) => r.ok) || undefined,
      15_000,
    );
    const stats = await h.service.store.stats();
    assert.ok((stats.eventsByType['io.ledgerline.customer.resync-requested.v1']?.['completed'] ?? 0) >= 1);
  });
});
