// The Tryton connector passes the connector contract against the real server: as a target (projects and
// time postings) and as a source (the invoices Tryton computed from that time).
import { sourceContract, targetContract } from '../../../test/support/connector-contract.ts';
import { billable, cost, provision, type Entry } from './test-support/commands.ts';
import { newDatabase, skipUnlessTryton } from './test-support/tryton-db.ts';

const skip = await skipUnlessTryton();

const entry = (id: string, project: string): Entry => ({
  id,
  project,
  resource: 'R-1',
  date: '2026-10-05',
  hours: '1.5',
  rate: '110.00',
  costRate: '55.00',
});

targetContract(
  'tryton',
  async () => {
    const db = await newDatabase('contract_target');
    const connector = db.connector();
    const [project] = await connector.push([provision('CT-0')]);
    const projectId = project?.outcome === 'ok' ? project.externalId : '0';
    return {
      connector,
      commands: [
        provision('CT-1'),
        billable(entry('CT-T1', 'CT-0'), projectId),
        cost(entry('CT-T1', 'CT-0'), projectId),
        billable(entry('CT-T2', 'CT-0'), projectId),
      ],
      unsupported: {
        kind: 'releaseBillingItem',
        idempotencyKey: 'release:CT-M1',
        milestoneId: 'milestone:sandbox-psa:CT-M1',
        billingItemId: 'billing-schedule-item:sandbox-psa:CT-B1',
        projectId: 'project:sandbox-psa:CT-0',
        projectExternalId: projectId,
        amount: { amount: '100.00', currency: 'EUR' },
        description: 'Milestone 1',
      },
      unreachable: db.connector({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }),
      close: () => db.drop(),
    };
  },
  { skip },
);

sourceContract(
  'tryton',
  async () => {
    const db = await newDatabase('contract_source');
    const connector = db.connector();
    for (const code of ['CS-1', 'CS-2', 'CS-3']) {
      const [project] = await connector.push([provision(code)]);
      const projectId = project?.outcome === 'ok' ? project.externalId : '0';
      await connector.push([
        billable(entry(`${code}-T`, code), projectId),
        cost(entry(`${code}-T`, code), projectId),
      ]);
    }
    await connector.invoiceProjects({ post: true });
    return { connector, pageSize: 1, minimumEvents: 3, close: () => db.drop() };
  },
  { skip },
);
