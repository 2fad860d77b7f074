// Xero Projects behind the spec-driven mock: a seeded organisation's project users, projects, tasks and
// time entries, read in pages with Xero Projects' `pagination` envelope. Same bearer check as Accounting
// (one Xero connection).
import { randomUUID } from 'node:crypto';
import { jsonNumber } from '../../../src/connectors/kit/decimal-json.ts';
import { loadSpec } from '../overlays/index.ts';
import { startSpecMock, type MockAnswer, type MockRequest, type SpecMock } from '../spec-mock.ts';
import { bearerCheck, type IdentityServer } from './identity-server.ts';

export const XERO_PROJECTS_OPERATIONS = [
  'getProjectUsers',
  'getProjects',
  'getTasks',
  'getTimeEntries',
] as const;

type Rec = Record<string, unknown>;

export interface ProjectsSeed {
  readonly users: readonly { userId: string; name: string }[];
  readonly projects: readonly { projectId: string; contactId: string; name: string; currency: string }[];
  readonly tasks: readonly {
    taskId: string;
    projectId: string;
    name: string;
    rate: string;
    chargeType: 'TIME' | 'FIXED' | 'NON_CHARGEABLE';
  }[];
  readonly time: readonly {
    userId: string;
    projectId: string;
    taskId: string;
    date: string;
    minutes: number;
    description: string;
    status: 'ACTIVE' | 'LOCKED' | 'INVOICED';
  }[];
}

export interface XeroProjectsMock extends SpecMock {
  readonly basePath: string;
  seed(seed: ProjectsSeed): void;
}

export async function startXeroProjectsMock(identity: IdentityServer): Promise<XeroProjectsMock> {
  const api = await loadSpec('xero-projects', XERO_PROJECTS_OPERATIONS);
  const basePath = '/projects.xro/2.0';
  const users: Rec[] = [];
  const projects: Rec[] = [];
  const tasks: Rec[] = [];
  const time: Rec[] = [];

  const page = (req: MockRequest, rows: Rec[]): MockAnswer => {
    const pageNo = Number(req.query.get('page') ?? '1');
    const size = Number(req.query.get('pageSize') ?? '50');
    return {
      status: 200,
      body: {
        pagination: {
          page: pageNo,
          pageSize: size,
          pageCount: Math.max(1, Math.ceil(rows.length / size)),
          itemCount: rows.length,
        },
        items: rows.slice((pageNo - 1) * size, pageNo * size),
      },
    };
  };

  const mock = await startSpecMock({
    api,
    basePath,
    authorize: bearerCheck(identity),
    handlers: {
      getProjectUsers: (req) => page(req, users),
      getProjects: (req) => {
        const states = req.query.get('states');
        return page(
          req,
          states === null
            ? projects
            : projects.filter((p) => states.split(',').includes(String(p['status']))),
        );
      },
      getTasks: (req) =>
        page(
          req,
          tasks.filter((t) => t['projectId'] === req.params['projectId']),
        ),
      getTimeEntries: (req) =>
        page(
          req,
          time.filter((t) => t['projectId'] === req.params['projectId']),
        ),
    },
  });
  return {
    ...mock,
    basePath,
    seed(seed) {
      for (const u of seed.users)
        users.push({
          userId: u.userId,
          name: u.name,
          email: `${u.name.split(' ')[0]?.toLowerCase() ?? 'user'}@example.com`,
        });
      for (const p of seed.projects)
        projects.push({
          projectId: p.projectId,
          contactId: p.contactId,
          name: p.name,
          currencyCode: p.currency,
          minutesLogged: 0,
          status: 'INPROGRESS',
        });
      for (const t of seed.tasks)
        tasks.push({
          taskId: t.taskId,
          name: t.name,
          rate: {
            currency: seed.projects.find((p) => p.projectId === t.projectId)?.currency ?? 'GBP',
            value: jsonNumber(t.rate),
          },
          chargeType: t.chargeType,
          projectId: t.projectId,
          status: 'ACTIVE',
        });
      for (const e of seed.time)
        time.push({
          timeEntryId: randomUUID(),
          userId: e.userId,
          projectId: e.projectId,
          taskId: e.taskId,
          dateUtc: `${e.date}T00:00:00Z`,
          dateEnteredUtc: `${e.date}T17:30:00Z`,
          duration: e.minutes,
          description: e.description,
          status: e.status,
        });
    },
  };
}
