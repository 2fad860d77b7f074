// The sandbox ERP passes the connector contract as a target (projects, postings) and as a source
// (its change feed: customers, invoices, payments).
import { sourceContract, targetContract } from '../../../test/support/connector-contract.ts';
import { addParty, invoiceRun } from './q2c-fixtures.ts';
import {
  billableLine,
  costPosting,
  okId,
  provisioned,
  provisionProject,
  startHarness,
} from './test-fixtures.ts';

targetContract('sandbox-erp', async () => {
  const h = await startHarness();
  const [project] = await h.connector.push([provisionProject('CONTRACT-0')]);
  const projectId = okId(project);
  return {
    connector: h.connector,
    commands: [
      provisionProject('CONTRACT-1'),
      billableLine('C-1', projectId),
      costPosting('C-1', projectId),
      billableLine('C-2', projectId, { idempotencyKey: 'bill:C-2' }),
    ],
    // A PSA's command: the ERP keeps the customer master, it does not take it.
    unsupported: {
      kind: 'upsertCustomer',
      idempotencyKey: 'customer:C-1',
      customer: { id: 'customer:sandbox-erp:C-1', name: 'Client One', status: 'active' },
    },
    unreachable: h.connect({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }),
    close: () => h.close(),
  };
});

sourceContract('sandbox-erp', async () => {
  const h = await startHarness();
  for (let i = 1; i <= 6; i++) await addParty(h, `CU-${i}`);
  const projectId = await provisioned(h.connector, 'FEED-1', { customerId: 'customer:sandbox-erp:CU-1' });
  await h.connector.push([
    billableLine('F-1', projectId),
    billableLine('F-2', projectId, { idempotencyKey: 'b2' }),
  ]);
  await invoiceRun(h, { date: '2026-03-31' });
  return { connector: h.connector, pageSize: 2, minimumEvents: 7, close: () => h.close() };
});
