// The sweep against a real Redmine (scripts/real-systems/redmine.sh): a project with ~200 time entries,
// some approved, read across pages; resumed mid-sweep; re-pulled; then edited, unapproved, deleted,
// moved, written back to. Every run creates its own projects and users, and looks only at their events.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CanonicalEvent } from '../../contracts/index.ts';
import type { PulledPage } from '../kit/connector.ts';
import { holdTurnForThisFile } from '../../../test/support/take-turn.ts';
import { skipUnlessUp } from '../../../test/support/real-system.ts';
import { decodeCursor } from './client/cursor.ts';
import { createRedmineConnector, type RedmineConnector } from './connector.ts';
import { invoiceStatusCommand } from './test-support/commands.ts';
import { MapMemory } from '../../../test/support/map-memory.ts';
import {
  RedmineAdmin,
  daysAgo,
  redmineProbe,
  testOptions,
  uniqueSuffix,
} from './test-support/redmine-admin.ts';
import { about, short, sweep } from './test-support/sweeps.ts';

const skip = await skipUnlessUp(redmineProbe);
// A sweep reads every user: users another file creates meanwhile would change its pages.
if (!skip) await holdTurnForThisFile('redmine');
const SYSTEM = 'redmine';
const LIMIT = 40;
/** 7 values: coprime with the approval (i % 3) and user (i % 5) patterns, so every value is approved. */
const HOURS = [0.25, 1.333, 0.5, 2, 7.75, 1, 3.125];

function connect(memory: MapMemory): RedmineConnector {
  return createRedmineConnector(
    testOptions({
      memory,
      projectDefaults: {
        legalEntityId: 'LL-UK',
        currency: 'GBP',
        taxTreatment: 'standard',
        billingModel: 'time-and-materials',
      },
      resourceDefaults: { currency: 'EUR' },
      // Entries span the last 20 days; the old ones are 45 and 60 days back.
      window: { lookbackDays: 21 },
      approver: 'redmine-approver',
    }),
  );
}

const time = (id: number) => `time:${SYSTEM}:${id}`;
const ofType = (events: readonly CanonicalEvent[], name: string) =>
  events.filter((e) => e.type === `io.ledgerline.${name}.v1`);

describe('Redmine sweep', { skip }, () => {
  const admin = new RedmineAdmin();
  const sfx = uniqueSuffix();
  const memory = new MapMemory();
  const connectors: RedmineConnector[] = [];
  const source = (m: MapMemory) => {
    const c = connect(m);
    connectors.push(c);
    return c;
  };
  let main: RedmineConnector;
  let p = 0;
  let q = 0;
  let u = 0;
  let v = 0;
  const approved: number[] = [];
  const unapproved: number[] = [];
  const old: number[] = [];
  let inQ = 0;
  let subjects = new Set<string>();
  let first: Awaited<ReturnType<typeof sweep>>;
  let cursor: string | undefined;

  before(async () => {
    p = await admin.createProject(`ll-${sfx}-p`, {
      Customer: `Acme Widgets ${sfx}`,
      'Bill rate': '120.5',
      Currency: 'EUR',
    });
    q = await admin.createProject(`ll-${sfx}-q`);
    u = await admin.createUser(`ll${sfx}u`, { 'Cost rate': '55.25' });
    v = await admin.createUser(`ll${sfx}v`);
    await admin.addMember(p, u);
    await admin.addMember(p, v);
    await admin.addMember(q, u);
    const started = Date.now();
    for (let batch = 0; batch < 200; batch += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const i = batch + k;
          const isApproved = i % 3 !== 0;
          const id = await admin.createEntry({
            project: p,
            user: i % 5 === 4 ? v : u,
            spentOn: daysAgo(i % 20),
            hours: HOURS[i % HOURS.length] ?? 1,
            comments: `task ${i}`,
            approved: isApproved,
          });
          (isApproved ? approved : unapproved).push(id);
        }),
      );
    }
    for (const days of [45, 60])
      old.push(
        await admin.createEntry({
          project: p,
          user: u,
          spentOn: daysAgo(days),
          hours: 1,
          comments: 'old',
          approved: true,
        }),
      );
    inQ = await admin.createEntry({
      project: q,
      user: u,
      spentOn: daysAgo(1),
      hours: 2,
      comments: 'q',
      approved: true,
    });
    approved.sort((a, b) => a - b);
    unapproved.sort((a, b) => a - b);
    process.stderr.write(`# created 203 time entries in ${Date.now() - started} ms\n`);
    subjects = new Set([
      `project:${SYSTEM}:${p}`,
      `project:${SYSTEM}:${q}`,
      `resource:${SYSTEM}:${u}`,
      `resource:${SYSTEM}:${v}`,
      ...[...approved, ...unapproved, ...old, inQ].map(time),
    ]);
    main = source(memory);
  });

  after(async () => {
    await Promise.all(connectors.map((c) => c.close()));
  });

  it('emits every approved entry exactly once across pages, and maps projects, users and defaults', async () => {
    const started = Date.now();
    first = await sweep(main, memory, undefined, LIMIT);
    const ms = Date.now() - started;
    cursor = first.cursor;
    const entriesRead = memory.size('time-entry');
    process.stderr.write(
      `# first sweep: ${first.pages.length} pages, ${first.events.length} events, ${entriesRead} approved entries remembered, ${ms} ms\n`,
    );
    const ours = about(first.events, subjects);
    const approvals = ofType(ours, 'time.approved');
    assert.deepEqual(
      approvals.map((e) => e.subject).sort(),
      [...approved, inQ].map(time).sort(),
      'exactly the approved entries inside the window',
    );
    assert.equal(new Set(approvals.map((e) => e.id)).size, approvals.length);
    assert.deepEqual(
      ours
        .filter((e) => !e.type.endsWith('time.approved.v1'))
        .map(short)
        .sort(),
      [
        `project.activated project:${SYSTEM}:${p}`,
        `project.activated project:${SYSTEM}:${q}`,
        `resource.updated resource:${SYSTEM}:${u}`,
      ].sort(),
    );
    assert.ok(
      main.problems().some((m) => m.startsWith(`user ${v} `) && m.includes('no Cost rate')),
      main.problems().join('\n'),
    );

    const projectP = ours.find((e) => e.subject === `project:${SYSTEM}:${p}`);
    assert.deepEqual(projectP?.data, {
      id: `project:${SYSTEM}:${p}`,
      code: `ll-${sfx}-p`,
      name: `Ledgerline ll-${sfx}-p`,
      customerId: `customer:${SYSTEM}:acme-widgets-${sfx}`,
      customerName: `Acme Widgets ${sfx}`,
      legalEntityId: 'LL-UK',
      currency: 'EUR',
      taxTreatment: 'standard',
      billingModel: 'time-and-materials',
      status: 'active',
    });
    const projectQ = ours.find((e) => e.subject === `project:${SYSTEM}:${q}`);
    assert.deepEqual(projectQ?.data, {
      id: `project:${SYSTEM}:${q}`,
      code: `ll-${sfx}-q`,
      name: `Ledgerline ll-${sfx}-q`,
      legalEntityId: 'LL-UK',
      currency: 'GBP',
      taxTreatment: 'standard',
      billingModel: 'time-and-materials',
      status: 'active',
    });
    const resource = ours.find((e) => e.subject === `resource:${SYSTEM}:${u}`);
    assert.deepEqual(resource?.data, {
      id: `resource:${SYSTEM}:${u}`,
      name: `Test ll${sfx}u`,
      costRate: { amount: '55.25', currency: 'EUR' },
    });

    const sample = await admin.entry(approved[0] ?? 0);
    const event = approvals.find((e) => e.subject === time(sample.id));
    assert.deepEqual(event?.data, {
      id: time(sample.id),
      projectId: `project:${SYSTEM}:${p}`,
      resourceId: (event?.data as { resourceId: string }).resourceId,
      workDate: sample.spent_on,
      hours: String(sample.hours).replace(/\.0$/, ''),
      billable: true,
      billRate: { amount: '120.5', currency: 'EUR' },
      description: (event?.data as { description: string }).description,
      approvedAt: (event?.data as { approvedAt: string }).approvedAt,
      approvedBy: 'redmine-approver',
    });
    // 1.333 and 3.125 are rounded to 2 decimals (by Redmine already, and by the connector in any case).
    const hours = new Set(approvals.map((e) => (e.data as { hours: string }).hours));
    assert.deepEqual([...hours].sort(), ['0.25', '0.5', '1', '1.33', '2', '3.13', '7.75']);
    const qEntry = approvals.find((e) => e.subject === time(inQ));
    assert.equal(
      (qEntry?.data as { billRate?: unknown }).billRate,
      undefined,
      'no Bill rate: priced by rate cards',
    );

    const timePages = first.pages.filter((pg) =>
      pg.page.events.some((e) => e.subject.startsWith('time:') && subjects.has(e.subject)),
    );
    assert.ok(timePages.length >= 4, `P's entries span pages (${timePages.length})`);
    assert.equal(first.pages.at(-1)?.page.hasMore, false);
  });

  it('re-pulling a cursor with the same memory yields the same event ids', async () => {
    // A page that starts in the time phase: one that began among projects or users would share its
    // limit with users and projects that tests running beside this one create meanwhile.
    const mid = first.pages.find(
      (pg) =>
        pg.cursor !== undefined &&
        decodeCursor(pg.cursor).phase === 'time' &&
        about(pg.page.events, subjects).some((e) => e.type.endsWith('time.approved.v1')),
    );
    assert.ok(mid);
    const again = await source(mid.memory.clone()).pull(mid.cursor, LIMIT);
    assert.deepEqual(
      about(again.events, subjects).map((e) => e.id),
      about(mid.page.events, subjects).map((e) => e.id),
    );
    // Only this run's records: a test running beside this one may change its own meanwhile.
    const ownKeys = new Set([
      ...[...approved, ...unapproved, ...old, inQ].map((id) => `time-entry ${id}`),
      `project ${p}`,
      `project ${q}`,
      `user ${u}`,
      `user ${v}`,
    ]);
    const own = (page: PulledPage) =>
      (page.remember ?? []).filter((c) => ownKeys.has(`${c.kind} ${c.nativeId}`));
    assert.ok(own(mid.page).length > 0);
    assert.deepEqual(own(again), own(mid.page));
  });

  it('resuming from a cursor saved mid-sweep loses nothing and mints no new ids', async () => {
    const withOurs = first.pages
      .map((pg, index) => ({ pg, index }))
      .filter(({ pg }) => about(pg.page.events, subjects).some((e) => e.type.endsWith('time.approved.v1')));
    const middle = withOurs[Math.floor(withOurs.length / 2)];
    assert.ok(middle && middle.index > 0);
    const resumedMemory = middle.pg.memory.clone();
    const resumed = await sweep(source(resumedMemory), resumedMemory, middle.pg.cursor, LIMIT);
    const before = first.pages.slice(0, middle.index).flatMap((pg) => about(pg.page.events, subjects));
    const all = [...before, ...about(resumed.events, subjects)].map((e) => e.id).sort();
    assert.deepEqual(
      all,
      about(first.events, subjects)
        .map((e) => e.id)
        .sort(),
    );
  });

  it('a sweep over unchanged data emits nothing', async () => {
    const started = Date.now();
    const quiet = await sweep(main, memory, cursor, LIMIT);
    const ms = Date.now() - started;
    process.stderr.write(
      `# quiet sweep: ${quiet.pages.length} pages, ${quiet.events.length} events, ${ms} ms\n`,
    );
    cursor = quiet.cursor;
    assert.deepEqual(about(quiet.events, subjects).map(short), []);
  });

  it('reports edits, unapprovals, deletions, moves and approvals once; ignores write-back and old entries', async () => {
    const [edited, writtenBack, withdrawn, deleted, moved] = approved
      .filter((id) => id % 5 !== 4)
      .slice(0, 5);
    const newlyApproved = unapproved[0];
    assert.ok(edited && writtenBack && withdrawn && deleted && moved && newlyApproved);
    const [firstOld] = old;
    assert.ok(firstOld);
    // Only entries of user u move to q, where u is a member; the filter above keeps v's (i % 5 === 4) out.
    const movedEntry = await admin.entry(moved);
    await admin.updateEntry(edited, { hours: 3.5 });
    const [push] = await main.push([
      invoiceStatusCommand({
        number: `INV-${sfx}`,
        projectExternalId: p,
        timeEntryIds: [time(writtenBack)],
        status: 'issued',
      }),
    ]);
    assert.equal(push?.outcome, 'ok');
    await admin.updateEntry(withdrawn, {}, { Approved: '0' });
    await admin.deleteEntry(deleted);
    await admin.updateEntry(moved, { project_id: q });
    await admin.updateEntry(newlyApproved, {}, { Approved: '1' });
    await admin.updateEntry(firstOld, { hours: 4 });

    const changed = await sweep(main, memory, cursor, LIMIT);
    cursor = changed.cursor;
    const ours = about(changed.events, subjects);
    assert.deepEqual(
      ours.map(short).sort(),
      [
        `time.revised ${time(edited)}`,
        `time.withdrawn ${time(withdrawn)}`,
        `time.withdrawn ${time(deleted)}`,
        `time.revised ${time(moved)}`,
        `time.approved ${time(newlyApproved)}`,
      ].sort(),
    );
    const data = (id: number) => ours.find((e) => e.subject === time(id))?.data as Record<string, unknown>;
    assert.equal(data(edited)['hours'], '3.5');
    assert.equal(data(withdrawn)['reason'], 'unapproved');
    assert.equal(data(deleted)['reason'], 'deleted');
    assert.equal(data(moved)['projectId'], `project:${SYSTEM}:${q}`);
    assert.equal(data(moved)['billRate'], undefined, 'priced as its new project, which has no Bill rate');
    assert.equal(movedEntry.project.id, p);

    // Approving the withdrawn entry again is a new approval with a new id.
    const firstApproval = first.events.find(
      (e) => e.subject === time(withdrawn) && e.type.endsWith('approved.v1'),
    );
    await admin.updateEntry(withdrawn, {}, { Approved: '1' });
    const reapproved = await sweep(main, memory, cursor, LIMIT);
    cursor = reapproved.cursor;
    const again = about(reapproved.events, subjects);
    assert.deepEqual(again.map(short), [`time.approved ${time(withdrawn)}`]);
    assert.notEqual(again[0]?.id, firstApproval?.id);

    const quiet = await sweep(main, memory, cursor, LIMIT);
    assert.deepEqual(about(quiet.events, subjects).map(short), []);
  });
});
