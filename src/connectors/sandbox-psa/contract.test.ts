// The sandbox PSA passes the connector contract as a source (its activity feed) and as a target (the
// customer master written to it).
import type { UpsertCustomer } from '../kit/commands.ts';
import { sourceContract, targetContract } from '../../../test/support/connector-contract.ts';
import { createSandboxPsaConnector } from './connector.ts';
import { generateFirm } from './generate-firm.ts';
import { startSandboxPsa } from './server.ts';
import { testSecret } from './test-support/http.ts';

const customer = (n: number): UpsertCustomer => ({
  kind: 'upsertCustomer',
  idempotencyKey: `customer:sandbox-erp:CU-${n}/psa-master`,
  customer: {
    id: `customer:sandbox-erp:CU-${n}`,
    name: `Client ${n}`,
    legalName: `Client ${n} Ltd`,
    status: 'active',
    legalEntityId: 'LL-UK',
    billingCurrency: 'GBP',
  },
});

async function open(seedEntries: number) {
  const psa = await startSandboxPsa({ webhookSecret: testSecret });
  if (seedEntries > 0) psa.seed(generateFirm({ seed: 5, projects: 3, consultants: 4, entries: seedEntries }));
  const connect = (baseUrl: string) =>
    createSandboxPsaConnector({ system: 'sandbox-psa', baseUrl, webhookSecret: testSecret, timeoutMs: 2000 });
  const connector = connect(psa.url);
  const unreachable = connect('http://127.0.0.1:9');
  return {
    connector,
    unreachable,
    close: async () => {
      await Promise.all([connector.close(), unreachable.close()]);
      await psa.close();
    },
  };
}

sourceContract('sandbox-psa', async () => ({ ...(await open(40)), pageSize: 7, minimumEvents: 40 }));

targetContract('sandbox-psa', async () => {
  const opened = await open(0);
  return {
    ...opened,
    commands: [customer(1), customer(2)],
    unsupported: {
      kind: 'closeProject',
      idempotencyKey: 'close:P-1',
      projectId: 'project:sandbox-psa:P-1',
      projectExternalId: 'P-1',
      closedDate: '2026-03-31',
    },
  };
});
