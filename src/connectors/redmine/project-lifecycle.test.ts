// A project's life as the sweep reports it, against the real Redmine: closed, reopened, archived (its
// time frozen, not withdrawn), unarchived, deleted (its approved time withdrawn with it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { holdTurnForThisFile } from '../../../test/support/take-turn.ts';
import { skipUnlessUp } from '../../../test/support/real-system.ts';
import { createRedmineConnector } from './connector.ts';
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

describe('Redmine project lifecycle', { skip }, () => {
  const admin = new RedmineAdmin();
  const sfx = uniqueSuffix();
  const memory = new MapMemory();
  // A short window: its entries are 2 days old, and other runs' entries need not be read.
  const connector = createRedmineConnector(testOptions({ memory, window: { lookbackDays: 3 } }));
  let project = 0;
  let subjects = new Set<string>();
  let cursor: string | undefined;
  const entries: number[] = [];

  /** One whole sweep; the events about this test's project and entries, as "type subject". */
  const changes = async () => {
    const swept = await sweep(connector, memory, cursor, 100);
    cursor = swept.cursor;
    return about(swept.events, subjects).map(short).sort();
  };

  before(async () => {
    project = await admin.createProject(`ll-${sfx}-l`);
    const user = await admin.createUser(`ll${sfx}l`, { 'Cost rate': '50' });
    await admin.addMember(project, user);
    for (const approved of [true, true, false])
      entries.push(
        await admin.createEntry({ project, user, spentOn: daysAgo(2), hours: 3, comments: 'l', approved }),
      );
    subjects = new Set([`project:redmine:${project}`, ...entries.map((id) => `time:redmine:${id}`)]);
  });

  after(() => connector.close());

  it('follows the project through close, reopen, archive, unarchive and delete', async () => {
    const p = `project:redmine:${project}`;
    const [a, b] = entries.map((id) => `time:redmine:${id}`);
    assert.deepEqual(
      await changes(),
      [`project.activated ${p}`, `time.approved ${a}`, `time.approved ${b}`].sort(),
    );

    await admin.api('PUT', `/projects/${project}/close.json`);
    assert.deepEqual(await changes(), [`project.closed ${p}`]);
    assert.deepEqual(await changes(), [], 'closed once');

    await admin.api('PUT', `/projects/${project}/reopen.json`);
    assert.deepEqual(await changes(), [`project.activated ${p}`]);

    await admin.api('PUT', `/projects/${project}/archive.json`);
    assert.deepEqual(await changes(), [`project.closed ${p}`], 'archived: closed, its time left alone');
    assert.deepEqual(await changes(), []);

    await admin.api('PUT', `/projects/${project}/unarchive.json`);
    assert.deepEqual(await changes(), [`project.activated ${p}`]);

    await admin.api('DELETE', `/projects/${project}.json`);
    assert.deepEqual(
      await changes(),
      [`project.closed ${p}`, `time.withdrawn ${a}`, `time.withdrawn ${b}`].sort(),
      'deleted: its approved time goes with it',
    );
    assert.deepEqual(await changes(), []);
  });
});
