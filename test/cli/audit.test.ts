// `ledgerline audit verify` and `audit anchor` against a real SQLite file and a real PostgreSQL schema:
// an intact chain exits 0; an entry edited, removed or moved behind the store's back (raw SQL, triggers
// dropped) exits 1 naming the entry and what is wrong; an exported anchor catches a chain cut at its end.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import type { Store } from '../../src/store/port.ts';
import { runCli } from '../support/child-service.ts';
import { freshSchema, skipUnlessPostgres } from '../support/postgres.ts';
import { entry } from '../store/audit-suite.ts';
import { chainAfter } from '../../src/audit/chain.ts';

const skipPostgres = await skipUnlessPostgres();

async function fiveEntries(store: Store): Promise<void> {
  await store.appendAudit([1, 2, 3, 4, 5].map((n) => entry(n)));
  await store.close();
}

async function withSqliteFile(body: (file: string, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerline-audit-'));
  try {
    const file = join(dir, 'ledgerline.sqlite');
    await fiveEntries(openSqliteStore(file));
    await body(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tamper(file: string, ...statements: string[]): void {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    for (const s of statements) db.exec(s);
  } finally {
    db.close();
  }
}

const swapThreeAndFour = [
  'UPDATE audit_log SET seq = -1 WHERE seq = 3',
  'UPDATE audit_log SET seq = 3 WHERE seq = 4',
  'UPDATE audit_log SET seq = 4 WHERE seq = -1',
];

describe('ledgerline audit (SQLite file)', () => {
  it('verifies an intact chain with exit 0, as text and as JSON', () =>
    withSqliteFile(async (file) => {
      const text = await runCli(['audit', 'verify', '--db', file]);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /Audit chain intact: 5 entries, head 5 [0-9a-f]{64}/);
      const json = await runCli(['audit', 'verify', '--db', file, '--json']);
      assert.equal(json.code, 0, json.stderr);
      const verdict = JSON.parse(json.stdout) as { intact: boolean; entries: number; head: { seq: number } };
      assert.equal(verdict.intact, true);
      assert.equal(verdict.entries, 5);
      assert.equal(verdict.head.seq, 5);
    }));

  it('names an edited entry', () =>
    withSqliteFile(async (file) => {
      tamper(file, `UPDATE audit_log SET actor = 'cli:mallory' WHERE seq = 4`);
      const r = await runCli(['audit', 'verify', '--db', file]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /BROKEN at entry 4: entry 4 was edited \(its hash does not match\)/);
      const json = await runCli(['audit', 'verify', '--db', file, '--json']);
      assert.equal(json.code, 1);
      assert.deepEqual((JSON.parse(json.stdout) as { broken: unknown }).broken, {
        seq: 4,
        kind: 'hash',
        message: 'entry 4 was edited (its hash does not match)',
      });
    }));

  it('names a removed entry', () =>
    withSqliteFile(async (file) => {
      tamper(file, 'DELETE FROM audit_log WHERE seq = 2');
      const r = await runCli(['audit', 'verify', '--db', file]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /BROKEN at entry 3: entry 2 is missing \(removed\)/);
    }));

  it('names reordered entries', () =>
    withSqliteFile(async (file) => {
      tamper(file, ...swapThreeAndFour);
      const r = await runCli(['audit', 'verify', '--db', file]);
      assert.equal(r.code, 1);
      assert.match(
        r.stdout,
        /BROKEN at entry 3: entry 3 does not follow entry 2 \(entries were removed or reordered\)/,
      );
    }));

  it('exports an anchor that a chain cut at its end no longer holds', () =>
    withSqliteFile(async (file, dir) => {
      const anchorFile = join(dir, 'anchor.json');
      const anchored = await runCli(['audit', 'anchor', '--db', file, '--export', anchorFile]);
      assert.equal(anchored.code, 0, anchored.stderr);
      assert.match(anchored.stdout, /Anchored entry 5/);
      const ok = await runCli(['audit', 'verify', '--db', file, '--anchor', anchorFile]);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /holds the anchor at entry 5/);
      tamper(file, 'DELETE FROM audit_log WHERE seq = 5');
      assert.equal((await runCli(['audit', 'verify', '--db', file])).code, 0, 'the cut chain verifies alone');
      const cut = await runCli(['audit', 'verify', '--db', file, '--anchor', anchorFile]);
      assert.equal(cut.code, 1);
      assert.match(cut.stdout, /BROKEN at entry 5: the anchored entry 5 is no longer in the chain/);
    }));

  it("checks the service's latest anchor: a chain rewritten after it, hashes and all, no longer verifies", () =>
    withSqliteFile(async (file) => {
      const store = openSqliteStore(file);
      const entries = await store.listAudit(0, 10);
      await store.anchorAudit('2026-11-26T12:00:00.000Z');
      await store.close();
      // Entries 3 to 5 forged with every hash recomputed from entry 2 on: the chain is consistent.
      const forged = chainAfter(
        entries[1],
        [3, 4, 5].map((n) => entry(n, { n: n * 10 })),
      );
      tamper(
        file,
        'DELETE FROM audit_log WHERE seq >= 3',
        ...forged.map(
          (e) =>
            `INSERT INTO audit_log VALUES (${e.seq}, '${e.at}', '${e.actor}', '${e.action}', '${e.subject}', '${e.detail}', '${e.prevHash}', '${e.hash}')`,
        ),
      );
      const r = await runCli(['audit', 'verify', '--db', file]);
      assert.equal(r.code, 1, r.stdout);
      assert.match(
        r.stdout,
        /BROKEN at entry 5: entry 5 differs from the anchor taken at .* \(the chain was rewritten\)/,
      );
    }));

  it('refuses an anchor file that is not one, and an empty log to anchor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-audit-'));
    try {
      const file = join(dir, 'ledgerline.sqlite');
      await openSqliteStore(file).close();
      const bogus = join(dir, 'bogus.json');
      writeFileSync(bogus, '{"seq": "five"}');
      const bad = await runCli(['audit', 'verify', '--db', file, '--anchor', bogus]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /is not an audit anchor/);
      const empty = await runCli(['audit', 'verify', '--db', file]);
      assert.equal(empty.code, 0);
      assert.match(empty.stdout, /Audit log is empty/);
      const none = await runCli(['audit', 'anchor', '--db', file, '--export', join(dir, 'a.json')]);
      assert.equal(none.code, 1);
      assert.match(none.stderr, /nothing to anchor/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ledgerline audit (PostgreSQL)', { skip: skipPostgres }, () => {
  async function withSchema(body: (url: string, sql: (s: string) => Promise<unknown>) => Promise<void>) {
    const schema = freshSchema();
    try {
      await fiveEntries(await openPostgresStore(schema.url));
      await schema.sql('DROP TRIGGER audit_log_no_change ON audit_log');
      await body(schema.url, (s) => schema.sql(s));
    } finally {
      await schema.drop();
    }
  }

  it('verifies intact, then names an edited, a removed and a reordered entry', () =>
    withSchema(async (url, sql) => {
      const intact = await runCli(['audit', 'verify', '--store', url]);
      assert.equal(intact.code, 0, intact.stderr);
      await sql(`UPDATE audit_log SET subject = 'dead-letter:99' WHERE seq = 5`);
      const edited = await runCli(['audit', 'verify', '--store', url]);
      assert.equal(edited.code, 1);
      assert.match(edited.stdout, /BROKEN at entry 5: entry 5 was edited/);
      for (const s of swapThreeAndFour) await sql(s);
      const reordered = await runCli(['audit', 'verify', '--store', url]);
      assert.match(reordered.stdout, /BROKEN at entry 3: entry 3 does not follow entry 2/);
      await sql('DELETE FROM audit_log WHERE seq >= 3');
      await sql('DELETE FROM audit_log WHERE seq = 1');
      const removed = await runCli(['audit', 'verify', '--store', url]);
      assert.equal(removed.code, 1);
      assert.match(removed.stdout, /BROKEN at entry 2: entry 1 is missing \(removed\)/);
    }));
});
