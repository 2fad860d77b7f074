// Xero Projects as a source. Its API has no change feed and no "modified since", so each pass reads
// everything in pages: the users, the projects in progress, then per project its tasks (rate, charge
// type) and its time entries. Event ids name the state (an entry's minutes, task and date), so a pass
// that finds nothing changed yields the same ids again and the intake drops them; a changed entry gets a
// new id. The cursor carries the projects found in this pass.
import { collectEvents } from '../kit/collect-events.ts';
import type { PulledPage } from '../kit/connector.ts';
import { SourceRequestRejectedError } from '../kit/source-errors.ts';
import { sourceBodyOf } from '../kit/source-outcome.ts';
import type { XeroHttp, XeroRequest } from '../xero-accounting/client/xero-http.ts';
import { projectEvent, resourceEvent, timeEvent, type XeroProjectsMapping } from './map-events.ts';
import { items, parseProject, parseTask, parseTimeEntry, parseUser } from './vendor/wire.ts';

interface Cursor {
  readonly phase: 'users' | 'projects' | 'time';
  readonly page: number;
  readonly projects: readonly string[];
  readonly index: number;
}

const START: Cursor = { phase: 'users', page: 1, projects: [], index: 0 };

function decode(text: string | undefined): Cursor {
  if (text === undefined) return START;
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (
      ['users', 'projects', 'time'].includes(c.phase) &&
      Number.isInteger(c.page) &&
      Array.isArray(c.projects)
    )
      return c;
  } catch {
    // fall through
  }
  throw new SourceRequestRejectedError(`not a Xero Projects cursor: ${text}`, 400);
}

const encode = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

async function get(http: XeroHttp, request: Omit<XeroRequest, 'method'>): Promise<unknown> {
  return sourceBodyOf(await http.send({ method: 'GET', ...request }), 'xero', 401);
}

export async function pullXeroProjects(
  http: XeroHttp,
  mapping: XeroProjectsMapping,
  onSkipped: (message: string) => void,
  cursorText: string | undefined,
  limit: number,
  now: () => Date = () => new Date(),
): Promise<PulledPage> {
  const c = decode(cursorText);
  // Xero Projects' pageSize is 1 to 500.
  const pageSize = String(Math.min(Math.max(1, limit), 500));
  const query = { page: String(c.page), pageSize };
  const seenAt = now().toISOString();
  if (c.phase === 'users') {
    const p = items(await get(http, { path: '/ProjectsUsers', query }), parseUser);
    const events = collectEvents(
      p.items.map((u) => resourceEvent(u, mapping, seenAt)),
      onSkipped,
    );
    const next: Cursor =
      c.page < p.pageCount ? { ...c, page: c.page + 1 } : { ...c, phase: 'projects', page: 1 };
    return { events, nextCursor: encode(next), hasMore: true };
  }
  if (c.phase === 'projects') {
    const p = items(
      await get(http, { path: '/Projects', query: { ...query, states: 'INPROGRESS' } }),
      parseProject,
    );
    const events = collectEvents(
      p.items.map((x) => projectEvent(x, mapping, seenAt)),
      onSkipped,
    );
    const projects = [
      ...c.projects,
      ...p.items.filter((x) => x.status === 'INPROGRESS').map((x) => x.projectId),
    ];
    if (c.page < p.pageCount)
      return { events, nextCursor: encode({ ...c, page: c.page + 1, projects }), hasMore: true };
    if (projects.length === 0) return { events, nextCursor: encode(START), hasMore: false };
    return { events, nextCursor: encode({ phase: 'time', page: 1, projects, index: 0 }), hasMore: true };
  }
  const projectId = c.projects[c.index];
  if (projectId === undefined) return { events: [], nextCursor: encode(START), hasMore: false };
  const path = `/Projects/${encodeURIComponent(projectId)}`;
  const tasks = items(
    await get(http, { path: `${path}/Tasks`, query: { page: '1', pageSize: '500' } }),
    parseTask,
  );
  const byId = new Map(tasks.items.map((t) => [t.taskId, t]));
  const p = items(await get(http, { path: `${path}/Time`, query }), parseTimeEntry);
  const events = collectEvents(
    p.items.map((e) => timeEvent(e, byId.get(e.taskId), mapping)),
    onSkipped,
  );
  if (c.page < p.pageCount) return { events, nextCursor: encode({ ...c, page: c.page + 1 }), hasMore: true };
  if (c.index + 1 < c.projects.length)
    return { events, nextCursor: encode({ ...c, page: 1, index: c.index + 1 }), hasMore: true };
  return { events, nextCursor: encode(START), hasMore: false };
}
