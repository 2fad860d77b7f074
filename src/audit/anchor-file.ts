// An exported anchor: the chain head (seq, hash, at) as a small JSON file, kept somewhere the store's
// owner cannot rewrite, so a chain rewritten after it was taken no longer verifies against it.
import { readFileSync, writeFileSync } from 'node:fs';
import type { AuditAnchor } from '../store/audit-port.ts';

export function writeAnchorFile(file: string, anchor: AuditAnchor): void {
  writeFileSync(file, `${JSON.stringify({ seq: anchor.seq, hash: anchor.hash, at: anchor.at }, null, 2)}\n`);
}

/** The anchor in `file`, or a message saying what is wrong with it. */
export function readAnchorFile(file: string): AuditAnchor | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `cannot read the anchor ${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
  const a = parsed as Partial<Record<keyof AuditAnchor, unknown>>;
  if (
    typeof a.seq !== 'number' ||
    !Number.isInteger(a.seq) ||
    a.seq < 1 ||
    typeof a.hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(a.hash) ||
    typeof a.at !== 'string'
  )
    return `${file} is not an audit anchor (expected {"seq", "hash", "at"} as "ledgerline audit anchor" writes it)`;
  return { seq: a.seq, hash: a.hash, at: a.at };
}
