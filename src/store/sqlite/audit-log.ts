// The audit log on SQLite: entries chained after the last one inside a write transaction (BEGIN
// IMMEDIATE holds the file's write lock, so two appenders never chain to the same predecessor), and the
// anchors the service takes of its head.
import { chainAfter } from '../../audit/chain.ts';
import type { AuditAnchor, AuditEntry, NewAuditEntry, StoredAuditAnchor } from '../audit-port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';
import {
  auditAnchorColumns,
  auditColumns,
  toAuditAnchor,
  toAuditEntry,
  type AuditAnchorRow,
  type AuditRow,
} from '../rows.ts';

export function createAuditLog(db: SqliteDatabase) {
  const last = db.prepare<[], AuditRow>(`SELECT ${auditColumns} FROM audit_log ORDER BY seq DESC LIMIT 1`);
  const insert = db.prepare<[number, string, string, string, string, string, string, string]>(
    `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const page = db.prepare<[number, number], AuditRow>(
    `SELECT ${auditColumns} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const insertAnchor = db.prepare<[string, number, string, string]>(
    'INSERT INTO audit_anchors (anchored_at, seq, hash, at) VALUES (?, ?, ?, ?)',
  );
  const recentAnchors = db.prepare<[number], AuditAnchorRow>(
    `SELECT ${auditAnchorColumns} FROM audit_anchors ORDER BY id DESC LIMIT ?`,
  );

  /** Appends inside the caller's write transaction (a delivery batch records its postings with it). */
  function appendWithin(entries: readonly NewAuditEntry[]): AuditEntry[] {
    if (entries.length === 0) return [];
    const previous = last.get();
    const chained = chainAfter(previous === undefined ? undefined : toAuditEntry(previous), entries);
    for (const e of chained)
      insert.run(e.seq, e.at, e.actor, e.action, e.subject, e.detail, e.prevHash, e.hash);
    return chained;
  }

  function head(): AuditEntry | undefined {
    const row = last.get();
    return row === undefined ? undefined : toAuditEntry(row);
  }

  return {
    appendWithin,
    append: writeTransaction(db, appendWithin),
    list(afterSeq: number, limit: number): AuditEntry[] {
      return page.all(afterSeq, limit).map(toAuditEntry);
    },
    head,
    anchor: writeTransaction(db, (anchoredAt: string): StoredAuditAnchor | undefined => {
      const h = head();
      if (h === undefined) return undefined;
      const anchor: AuditAnchor = { seq: h.seq, hash: h.hash, at: h.at };
      const { lastInsertRowid } = insertAnchor.run(anchoredAt, anchor.seq, anchor.hash, anchor.at);
      return { id: Number(lastInsertRowid), anchoredAt, ...anchor };
    }),
    anchors(limit: number): StoredAuditAnchor[] {
      return recentAnchors.all(limit).map(toAuditAnchor);
    },
  };
}
