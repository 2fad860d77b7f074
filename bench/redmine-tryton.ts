// `npm run bench:real -- [entries]`: approved Redmine time entries per second into posted Tryton
// timesheet lines, through `ledgerline serve` (its own process, SQLite), against the real servers that
// scripts/real-systems/*.sh start. The entries exist before Ledgerline starts, so the clock covers
// Ledgerline's sweep of Redmine, the project and employee set-up in Tryton and the batched postings. It
// prints figures and the machine, and asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  daysAgo,
  fieldNames,
  RedmineAdmin,
  REDMINE_API_KEY,
  REDMINE_URL,
  redmineProbe,
  uniqueSuffix,
} from '../src/connectors/redmine/test-support/redmine-admin.ts';
import { newDatabase } from '../src/connectors/tryton/test-support/tryton-db.ts';
import { startChildService, writeConfig } from '../test/support/child-service.ts';
import { redmineTrytonConfig } from '../test/support/redmine-tryton-config.ts';
import { describeMachine } from './machine.ts';

const entries = Number(process.argv[2] ?? 1000);
if (!Number.isInteger(entries) || entries < 1) throw new Error('usage: npm run bench:real -- [entries]');
if (!(await redmineProbe.isUp()))
  throw new Error(`Redmine is not up at ${REDMINE_URL}: ${redmineProbe.howToStart}`);

const redmine = new RedmineAdmin();
const suffix = uniqueSuffix();
const dir = mkdtempSync(join(tmpdir(), 'ledgerline-bench-real-'));
const db = await newDatabase('bench');
const books = db.rpc();

try {
  process.stdout.write(
    `seeding Redmine with ${entries} approved entries over 2 projects and 5 consultants...\n`,
  );
  const users: number[] = [];
  for (let i = 0; i < 5; i++)
    users.push(await redmine.createUser(`bench${i}${suffix}`, { [fieldNames.costRate]: `${50 + i}.00` }));
  const projects: number[] = [];
  for (const [key, rate] of [
    ['a', '120.00'],
    ['b', '95.50'],
  ] as const) {
    const id = await redmine.createProject(`bench-${key}-${suffix}`, {
      [fieldNames.customer]: `Bench Client ${key.toUpperCase()}`,
      [fieldNames.legalEntity]: 'LL-NL',
      [fieldNames.billRate]: rate,
      [fieldNames.currency]: 'EUR',
    });
    for (const user of users) await redmine.addMember(id, user);
    projects.push(id);
  }
  const seedStart = performance.now();
  let next = 0;
  // Redmine answers one request at a time per worker; a few in flight keep it busy.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let i = next++; i < entries; i = next++)
        await redmine.createEntry({
          project: projects[i % projects.length] ?? 0,
          user: users[i % users.length] ?? 0,
          spentOn: daysAgo(1 + (i % 20)),
          hours: 0.25 * (1 + (i % 32)),
          comments: `bench ${i}`,
          approved: true,
        });
    }),
  );
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const config = redmineTrytonConfig({
    dir,
    trytonDatabase: db.name,
    redmineProjects: projects,
    redmineKeyEnv: 'LL_BENCH_REDMINE_KEY',
    redminePollMs: 1000,
    delivery: { batchSize: 500, concurrency: 2, maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 60_000 },
  });
  const started = performance.now();
  const service = await startChildService(writeConfig(dir, config), {
    LL_BENCH_REDMINE_KEY: REDMINE_API_KEY,
  });
  let ingestedAt: number | undefined;
  let lines = 0;
  try {
    for (;;) {
      const health = (await (await fetch(`${service.url}/healthz`)).json()) as {
        events: Record<string, number>;
      };
      const stored = Object.values(health.events).reduce((a, b) => a + b, 0);
      if (ingestedAt === undefined && stored >= entries) ingestedAt = performance.now();
      lines = ((await books.model('timesheet.line', 'search_count', [])) as number) ?? 0;
      process.stdout.write(`\r  ${lines}/${entries} timesheet lines in Tryton`);
      if (lines >= entries) break;
      if (performance.now() - started > 15 * 60_000) throw new Error('not done after 15 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await service.kill('SIGTERM');
  }
  const seconds = (performance.now() - started) / 1000;
  const swept = ingestedAt === undefined ? undefined : (ingestedAt - started) / 1000;
  process.stdout.write('\n');
  console.log(
    JSON.stringify(
      {
        workload: 'redmine-tryton',
        entries,
        seedSeconds: Number(seedSeconds.toFixed(1)),
        redmineSeedPerSecond: Math.round(entries / seedSeconds),
        secondsToAllPosted: Number(seconds.toFixed(1)),
        entriesPerSecond: Math.round(entries / seconds),
        ...(swept === undefined ? {} : { secondsToAllIngested: Number(swept.toFixed(1)) }),
        machine: describeMachine(),
      },
      null,
      2,
    ),
  );
} finally {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
