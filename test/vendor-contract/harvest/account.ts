// A Harvest account for a test: the spec-driven mock seeded with one firm's work, and a connector to it.
import {
  createHarvestConnector,
  type HarvestConnector,
  type HarvestOptions,
} from '../../../src/connectors/harvest/connector.ts';
import { startHarvestMock, type HarvestMock, type HarvestSeed } from './harvest-mock.ts';

export const firm: HarvestSeed = {
  clients: [{ id: 5735774, name: 'Acme Logistics', currency: 'GBP' }],
  users: [{ id: 1782884, first: 'Amelia', last: 'Smith', costRate: '62.50' }],
  projects: [{ id: 14308069, clientId: 5735774, name: 'ERP Implementation', code: 'ACME-2026-01' }],
  time: [
    {
      id: 636708723,
      userId: 1782884,
      projectId: 14308069,
      date: '2026-07-01',
      hours: '7.5',
      rate: '133.33',
      notes: 'Workshop with client finance team',
      approved: true,
    },
    {
      id: 636708724,
      userId: 1782884,
      projectId: 14308069,
      date: '2026-07-02',
      hours: '2',
      rate: '133.33',
      notes: 'Not yet approved',
      approved: false,
    },
  ],
  expenses: [
    {
      id: 15296442,
      userId: 1782884,
      projectId: 14308069,
      date: '2026-07-01',
      category: 'Lodging',
      total: '145.60',
      notes: 'Hotel, client workshop',
      billable: true,
      approved: true,
    },
  ],
};

export async function startHarvestAccount(seed: HarvestSeed = firm): Promise<{
  mock: HarvestMock;
  connector: (overrides?: Partial<HarvestOptions>) => HarvestConnector;
}> {
  const mock = await startHarvestMock();
  mock.seed(seed);
  return {
    mock,
    connector: (overrides = {}) =>
      createHarvestConnector({
        system: 'harvest',
        baseUrl: `${mock.url}${mock.basePath}`,
        accountId: mock.accountId,
        accessToken: mock.token,
        currency: 'GBP',
        projectDefaults: { legalEntityId: 'LL-UK', taxTreatment: 'standard' },
        timeoutMs: 5000,
        onSkipped: () => undefined,
        ...overrides,
      }),
  };
}
