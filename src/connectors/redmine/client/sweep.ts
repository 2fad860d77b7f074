// One pull of the sweep. Redmine has no change feed, no updated-since filter and no trace of deletions,
// so the connector compares what it reads with what it remembered (SourceMemory) and emits the
// differences. A sweep reads, in order:
//   1. projects (active and closed), page by page -> ProjectActivated / ProjectClosed when changed;
//   2. users, page by page -> ResourceUpdated when changed (a user without a cost rate is a problem);
//   3. for each remembered project, its approved time entries with spent_on >= the window's first day,
//      sorted by id, page by page -> TimeApproved / TimeRevised.
// Pages sorted by id cover contiguous id ranges: an entry remembered in the project, inside a page's
// range and not on it, has vanished from the listing. It is looked up by id: gone -> TimeWithdrawn
// ('deleted'); unapproved -> TimeWithdrawn('unapproved'); moved to another project or out of the window
// -> compared like any entry.
// Nothing is written to memory here: the changes travel in the page's `remember`.
import type { MemoryChange, SourceMemory } from '../../kit/connector.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import {
  ProjectList,
  ProjectShow,
  TimeEntryList,
  TimeEntryShow,
  UserList,
  maxPageSize,
  type RedmineTimeEntry,
} from '../vendor/wire.ts';
import type { CanonicalEvent } from '../../../contracts/index.ts';
import { canonicalId, type MapContext } from './context.ts';
import { sweepStart, type SweepCursor } from './cursor.ts';
import { EventBuilder } from './events.ts';
import { decodeMark, encodeMark, type Mark } from './fingerprint.ts';
import { mapProject, type MappedProject } from './map-project.ts';
import { mapTimeEntry } from './map-time-entry.ts';
import { mapUser } from './map-user.ts';
import { PendingMemory } from './pending-memory.ts';
import { transition } from './time-transition.ts';
import type { RedmineHttp } from './redmine-http.ts';

export const KIND = { project: 'project', user: 'user', time: 'time-entry' } as const;
const PROJECTS_SCOPE = 'projects';
const USERS_SCOPE = 'users';
/** Redmine pages read by one pull at most, so a quiet sweep over many projects still returns often. */
const MAX_STEPS = 20;

const checkProjects = compileChecker(ProjectList);
const checkProject = compileChecker(ProjectShow);
const checkUsers = compileChecker(UserList);
const checkEntries = compileChecker(TimeEntryList);
const checkEntry = compileChecker(TimeEntryShow);

export interface SweepDeps {
  readonly http: RedmineHttp;
  readonly memory: SourceMemory;
  readonly ctx: MapContext;
  readonly lookbackDays: number;
  readonly now: () => Date;
  /** Only these projects (Redmine ids or identifiers) are synced; undefined = every project. */
  readonly projects: ReadonlySet<string> | undefined;
  /** Records skipped by this sweep and why, by record; cleared when a sweep starts. */
  readonly problems: Map<string, string>;
}

export interface SweepPage {
  readonly events: CanonicalEvent[];
  readonly remember: MemoryChange[];
  readonly next: SweepCursor;
  readonly hasMore: boolean;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const byId = (a: string, b: string) => Number(a) - Number(b);

type ProjectContext = { readonly kind: 'ok'; readonly mapped: MappedProject } | { readonly kind: 'unusable' };

export async function pullSweep(deps: SweepDeps, cursor: SweepCursor, limit: number): Promise<SweepPage> {
  return new Sweep(deps, limit).run(cursor);
}

class Sweep {
  readonly #deps: SweepDeps;
  readonly #limit: number;
  readonly #memory: PendingMemory;
  readonly #out: EventBuilder;
  readonly #projects = new Map<number, ProjectContext>();
  #from = '';

  constructor(deps: SweepDeps, limit: number) {
    this.#deps = deps;
    this.#limit = limit;
    this.#memory = new PendingMemory(deps.memory);
    this.#out = new EventBuilder(deps.ctx.system);
  }

  async run(start: SweepCursor): Promise<SweepPage> {
    let cursor = start;
    if (cursor.from === undefined) {
      this.#deps.problems.clear();
      const first = this.#deps.now();
      first.setUTCDate(first.getUTCDate() - this.#deps.lookbackDays);
      cursor = { ...cursor, from: day(first) };
    }
    this.#from = cursor.from ?? '';
    for (let step = 0; step < MAX_STEPS && this.#out.events.length < this.#limit; step++) {
      const next = await this.#step(cursor);
      if (next === 'end') return { ...this.#result(), next: sweepStart(cursor.sweep + 1), hasMore: false };
      cursor = next;
    }
    return { ...this.#result(), next: cursor, hasMore: true };
  }

  /** What is left of `limit`, so a page's events stay about within it (each record yields at most one). */
  #pageSize(): number {
    return Math.max(1, Math.min(maxPageSize, this.#limit - this.#out.events.length));
  }

  #result() {
    return { events: this.#out.events, remember: this.#memory.changes };
  }

  #step(c: SweepCursor): Promise<SweepCursor | 'end'> {
    if (c.phase === 'projects') return this.#projectsPage(c);
    if (c.phase === 'users') return this.#usersPage(c);
    return this.#timePage(c, c.project ?? 0, c.after ?? 0);
  }

  #now(): string {
    return this.#deps.now().toISOString();
  }

  #problem(record: string, message: string): void {
    this.#deps.problems.set(record, message);
  }

  // ---- 1. projects ----

  async #projectsPage(c: SweepCursor): Promise<SweepCursor> {
    const page = await this.#deps.http.read(
      `/projects.json?status=1%7C5&offset=${c.offset}&limit=${this.#pageSize()}`,
      checkProjects,
    );
    const ids = page.projects.map((p) => String(p.id));
    const remembered = await this.#memory.recall(KIND.project, ids);
    const { projects } = this.#deps;
    for (const p of page.projects) {
      // Not chosen: never remembered, so neither it nor its time is read (the cursor still moves on).
      if (projects && !projects.has(String(p.id)) && !projects.has(p.identifier)) continue;
      const mapped = mapProject(p, this.#deps.ctx);
      if (!mapped.ok) {
        this.#problem(`project ${p.id}`, mapped.message);
        continue;
      }
      const { project, state, hash } = mapped.value;
      const saved = remembered.get(String(p.id));
      const mark = saved === undefined ? undefined : decodeMark(saved.fingerprint, `project ${p.id}`);
      if (mark?.hash === hash && mark.state === state) continue;
      const rev = (mark?.rev ?? 0) + 1;
      if (state === 'active') this.#out.projectActivated(p.id, rev, hash, p.updated_on, project);
      // Redmine keeps no closing date; closing a project sets its updated_on.
      else if (mark?.state !== 'closed')
        this.#out.projectClosed(p.id, rev, 'closed', p.updated_on, project.id, p.updated_on.slice(0, 10));
      this.#memory.set(KIND.project, String(p.id), PROJECTS_SCOPE, encodeMark({ rev, state, hash }));
    }
    const offset = c.offset + page.projects.length;
    if (page.projects.length > 0 && offset < page.total_count) return { ...c, offset };
    return { ...c, phase: 'users', offset: 0 };
  }

  // ---- 2. users ----

  async #usersPage(c: SweepCursor): Promise<SweepCursor | 'end'> {
    // status= (empty) lists every user, locked ones included: their time still counts.
    const page = await this.#deps.http.read(
      `/users.json?status=&offset=${c.offset}&limit=${this.#pageSize()}`,
      checkUsers,
    );
    const remembered = await this.#memory.recall(
      KIND.user,
      page.users.map((u) => String(u.id)),
    );
    for (const u of page.users) {
      const mapped = mapUser(u, this.#deps.ctx);
      if (!mapped.ok) {
        this.#problem(`user ${u.id}`, mapped.message);
        continue;
      }
      const { resource, hash } = mapped.value;
      const saved = remembered.get(String(u.id));
      const mark = saved === undefined ? undefined : decodeMark(saved.fingerprint, `user ${u.id}`);
      if (mark?.hash === hash) continue;
      const rev = (mark?.rev ?? 0) + 1;
      this.#out.resourceUpdated(u.id, rev, hash, u.updated_on, resource);
      this.#memory.set(KIND.user, String(u.id), USERS_SCOPE, encodeMark({ rev, state: 'seen', hash }));
    }
    const offset = c.offset + page.users.length;
    if (page.users.length > 0 && offset < page.total_count) return { ...c, offset };
    return this.#nextProject(c, 0);
  }

  // ---- 3. time entries, project by project ----

  async #nextProject(c: SweepCursor, after: number): Promise<SweepCursor | 'end'> {
    const ids = [...(await this.#memory.recallScope(KIND.project, PROJECTS_SCOPE)).keys()]
      .map(Number)
      .filter((id) => id > after)
      .sort((a, b) => a - b);
    const next = ids[0];
    if (next === undefined) return 'end';
    return { v: 1, sweep: c.sweep, from: this.#from, phase: 'time', offset: 0, project: next, after: 0 };
  }

  /** The project's mapping for pricing its entries; archived, deleted or unreadable ones are unusable. */
  async #projectContext(id: number): Promise<ProjectContext | 'missing' | 'hidden'> {
    const known = this.#projects.get(id);
    if (known !== undefined) return known;
    const shown = await this.#deps.http.show(`/projects/${id}.json`, checkProject);
    if (shown.kind !== 'found') return shown.kind;
    const mapped = mapProject(shown.value.project, this.#deps.ctx);
    let context: ProjectContext = { kind: 'unusable' };
    if (mapped.ok) context = { kind: 'ok', mapped: mapped.value };
    else this.#problem(`project ${id}`, `${mapped.message}; its time entries are not compared`);
    this.#projects.set(id, context);
    return context;
  }

  async #timePage(c: SweepCursor, projectId: number, after: number): Promise<SweepCursor | 'end'> {
    // Approved entries only: an approval taken back shows as a remembered entry missing from the list.
    // sort=id is no sortable column, which leaves Redmine's own tie-breaker alone: time_entries.id ASC.
    const shown = await this.#deps.http.show(
      `/time_entries.json?project_id=${projectId}&subproject_id=!*&spent_on=%3E%3D${this.#from}` +
        `&cf_${this.#deps.ctx.fields.approved}=1&sort=id&offset=${c.offset}&limit=${this.#pageSize()}`,
      checkEntries,
    );
    if (shown.kind !== 'found') {
      await this.#projectGone(projectId, shown.kind);
      return this.#nextProject(c, projectId);
    }
    const page = shown.value;
    // Entries at or below `after` were covered by earlier pages (an insertion shifted the offsets).
    const listed = page.time_entries.filter((e) => e.id > after && e.project.id === projectId);
    const more = page.time_entries.length > 0 && c.offset + page.time_entries.length < page.total_count;
    const last = page.time_entries.at(-1)?.id ?? after;
    const rangeEnd = more ? last : Number.POSITIVE_INFINITY;
    const seen = new Set(listed.map((e) => e.id));
    const inScope = await this.#memory.recallScope(KIND.time, String(projectId));
    const missing = [...inScope]
      .filter(([id]) => Number(id) > after && Number(id) <= rangeEnd && !seen.has(Number(id)))
      .sort(([a], [b]) => byId(a, b));
    const advance = () =>
      more
        ? { ...c, offset: c.offset + page.time_entries.length, after: last }
        : this.#nextProject(c, projectId);
    if (listed.length === 0 && missing.length === 0) return advance();

    // Looked up only now: most projects have nothing in the window, and a quiet sweep skips them cheaply.
    const context = await this.#projectContext(projectId);
    if (context === 'missing' || context === 'hidden') {
      await this.#projectGone(projectId, context);
      return this.#nextProject(c, projectId);
    }
    if (context.kind === 'unusable') return this.#nextProject(c, projectId);
    const remembered = await this.#memory.recall(
      KIND.time,
      listed.map((e) => String(e.id)),
    );
    for (const e of listed) this.#compare(e, context.mapped, remembered.get(String(e.id))?.fingerprint);
    for (const [id, r] of missing)
      await this.#vanished(
        Number(id),
        projectId,
        decodeMark(r.fingerprint, `time entry ${id}`),
        r.fingerprint,
      );
    return advance();
  }

  /** Compares an entry with what was remembered of it and records the event and the new mark. */
  #compare(e: RedmineTimeEntry, project: MappedProject, fingerprint: string | undefined): void {
    const mapped = mapTimeEntry(e, project, this.#deps.ctx);
    if (!mapped.ok) {
      this.#problem(`time entry ${e.id}`, mapped.message);
      return;
    }
    const { entry, approved, hash } = mapped.value;
    const mark = fingerprint === undefined ? undefined : decodeMark(fingerprint, `time entry ${e.id}`);
    const t = transition({ approved, hash, spentOn: e.spent_on }, mark);
    if (t.happening === undefined) return;
    if (t.happening === 'unapproved')
      this.#out.timeWithdrawn(
        'unapproved',
        e.id,
        t.next.rev,
        mark?.hash ?? hash,
        this.#ids(e.id, e.project.id),
        this.#now(),
      );
    else this.#out.time(t.happening, e.id, t.next.rev, hash, entry);
    this.#memory.set(KIND.time, String(e.id), String(e.project.id), encodeMark(t.next));
  }

  #ids(entry: number, project: number) {
    const { system } = this.#deps.ctx;
    return {
      timeEntryId: canonicalId('time', system, entry),
      projectId: canonicalId('project', system, project),
    };
  }

  /** A remembered entry missing from its project's listing. */
  async #vanished(id: number, projectId: number, mark: Mark, fingerprint: string): Promise<void> {
    if (mark.spentOn !== undefined && mark.spentOn < this.#from) {
      // Aged out of the window: no longer compared, so no longer remembered.
      this.#memory.forget(KIND.time, String(id));
      return;
    }
    // Withdrawn and still not approved (else it would be listed): nothing to tell, nothing to look up.
    if (mark.state === 'withdrawn') return;
    const shown = await this.#deps.http.show(`/time_entries/${id}.json`, checkEntry);
    if (shown.kind === 'hidden') return; // its project was archived meanwhile: frozen, left as it was
    if (shown.kind === 'missing') {
      this.#deleted(id, projectId, mark);
      return;
    }
    const e = shown.value.time_entry;
    const context =
      e.project.id === projectId ? this.#projects.get(projectId) : await this.#projectContext(e.project.id);
    if (context === undefined || typeof context === 'string' || context.kind === 'unusable') {
      this.#problem(
        `time entry ${id}`,
        `moved to project ${e.project.id}, which cannot be read; compared later`,
      );
      return;
    }
    this.#compare(e, context.mapped, fingerprint);
  }

  #deleted(id: number, projectId: number, mark: Mark): void {
    if (mark.state === 'approved')
      this.#out.timeWithdrawn('deleted', id, mark.rev + 1, mark.hash, this.#ids(id, projectId), this.#now());
    this.#memory.forget(KIND.time, String(id));
  }

  /**
   * A remembered project Redmine no longer shows. Deleted (404): its time entries went with it, so every
   * approved one is withdrawn. Archived (403): its entries are frozen and invisible, so they are left
   * alone. Either way an active project is reported closed, once.
   */
  async #projectGone(projectId: number, how: 'missing' | 'hidden'): Promise<void> {
    const id = String(projectId);
    const saved = (await this.#memory.recall(KIND.project, [id])).get(id);
    if (saved === undefined) return;
    const mark = decodeMark(saved.fingerprint, `project ${id}`);
    if (how === 'missing') {
      const entries = await this.#memory.recallScope(KIND.time, id);
      for (const [entryId, r] of [...entries].sort(([a], [b]) => byId(a, b)))
        this.#deleted(Number(entryId), projectId, decodeMark(r.fingerprint, `time entry ${entryId}`));
    }
    const state = how === 'missing' ? 'deleted' : 'archived';
    if (mark.state === state) return;
    const rev = mark.rev + 1;
    if (mark.state === 'active') {
      const now = this.#now();
      this.#out.projectClosed(
        projectId,
        rev,
        state,
        now,
        canonicalId('project', this.#deps.ctx.system, id),
        now.slice(0, 10),
      );
    }
    if (how === 'missing') this.#memory.forget(KIND.project, id);
    else this.#memory.set(KIND.project, id, PROJECTS_SCOPE, encodeMark({ ...mark, rev, state }));
  }
}
