// The Redmine connector passes the connector contract against the real server: as a source (its sweep
// of projects, users and approved time, remembering what it saw) and as a target (invoice status written
// back to the time entries an invoice bills).
import { sourceContract, targetContract } from '../../../test/support/connector-contract.ts';
import { MapMemory } from '../../../test/support/map-memory.ts';
import { holdTurnForThisFile } from '../../../test/support/take-turn.ts';
import { skipUnlessUp } from '../../../test/support/real-system.ts';
import { createRedmineConnector } from './connector.ts';
import { invoiceStatusCommand } from './test-support/commands.ts';
import {
  REDMINE_URL,
  RedmineAdmin,
  daysAgo,
  fieldNames,
  redmineProbe,
  testOptions,
  uniqueSuffix,
} from './test-support/redmine-admin.ts';

const skip = await skipUnlessUp(redmineProbe);
// A sweep reads every user: users another file creates meanwhile would change its pages.
if (!skip) await holdTurnForThisFile('redmine');

/** A project with a member and `entries` time entries, two in three approved. */
async function project(entries: number) {
  const admin = new RedmineAdmin();
  const suffix = uniqueSuffix();
  const user = await admin.createUser(`contract${suffix}`, { [fieldNames.costRate]: '50' });
  const projectId = await admin.createProject(`contract-${suffix}`, {
    [fieldNames.customer]: 'Contract Client BV',
    [fieldNames.legalEntity]: 'LL-NL',
    [fieldNames.billRate]: '100',
    [fieldNames.currency]: 'EUR',
  });
  await admin.addMember(projectId, user);
  const ids: number[] = [];
  for (let i = 0; i < entries; i++)
    ids.push(
      await admin.createEntry({
        project: projectId,
        user,
        spentOn: daysAgo(1 + (i % 5)),
        hours: 1 + (i % 4) / 4,
        comments: `contract ${i}`,
        approved: i % 3 !== 2,
      }),
    );
  return { projectId, ids };
}

function connect(memory: MapMemory, baseUrl: string, projects?: readonly string[]) {
  return createRedmineConnector(
    testOptions({
      baseUrl,
      memory,
      window: { lookbackDays: 10 },
      resourceDefaults: { currency: 'EUR' },
      timeoutMs: 2000,
      ...(projects === undefined ? {} : { projects }),
    }),
  );
}

sourceContract(
  'redmine',
  async () => {
    const { projectId } = await project(18);
    const memory = new MapMemory();
    const connector = connect(memory, REDMINE_URL, [String(projectId)]);
    return { connector, memory, pageSize: 4, minimumEvents: 13, close: () => connector.close() };
  },
  { skip },
);

targetContract(
  'redmine',
  async () => {
    const { projectId, ids } = await project(4);
    const memory = new MapMemory();
    const connector = connect(memory, REDMINE_URL);
    const unreachable = connect(memory, 'http://127.0.0.1:9');
    const timeEntryIds = ids.map((id) => `time:redmine:${id}`);
    return {
      connector,
      commands: [
        invoiceStatusCommand({
          number: `C-${projectId}-1`,
          projectExternalId: projectId,
          timeEntryIds: timeEntryIds.slice(0, 2),
          status: 'issued',
        }),
        invoiceStatusCommand({
          number: `C-${projectId}-2`,
          projectExternalId: projectId,
          timeEntryIds: timeEntryIds.slice(2),
          status: 'paid',
        }),
      ],
      unsupported: {
        kind: 'closeProject',
        idempotencyKey: `close:${projectId}`,
        projectId: `project:redmine:${projectId}`,
        projectExternalId: String(projectId),
        closedDate: daysAgo(0),
      },
      unreachable,
      close: async () => {
        await Promise.all([connector.close(), unreachable.close()]);
      },
    };
  },
  { skip },
);
