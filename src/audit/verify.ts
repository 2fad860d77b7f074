// Walks the audit chain oldest first and stops at the first place it breaks, saying which entry and how:
// a seq gap (entries removed), a link to a predecessor that is not the entry before (removed or
// reordered), or an entry whose own hash no longer matches (edited). An anchor taken earlier must still
// be in the chain unchanged: a chain rewritten from some point on verifies by itself, but not against it.
import type { AuditAnchor, AuditEntry } from '../store/audit-port.ts';
import { entryHash, genesis } from './chain.ts';

export type AuditBreak =
  | { readonly seq: number; readonly kind: 'gap'; readonly message: string }
  | { readonly seq: number; readonly kind: 'link'; readonly message: string }
  | { readonly seq: number; readonly kind: 'hash'; readonly message: string }
  | { readonly seq: number; readonly kind: 'anchor'; readonly message: string };

export interface AuditVerdict {
  readonly intact: boolean;
  /** Entries checked (up to and including the first broken one). */
  readonly entries: number;
  readonly head: AuditAnchor | null;
  readonly broken?: AuditBreak;
}

/** Reads the chain in pages: entries with seq above `afterSeq`, in seq order. */
export type AuditPages = (afterSeq: number, limit: number) => Promise<readonly AuditEntry[]>;

const pageSize = 1000;

/** `anchors`: heads taken earlier (an exported file, the latest of the anchors table) the chain must hold. */
export async function verifyAuditChain(
  read: AuditPages,
  anchors: readonly AuditAnchor[] = [],
): Promise<AuditVerdict> {
  const pinned = new Map(anchors.map((a) => [a.seq, a]));
  let previous: AuditEntry | undefined;
  let entries = 0;
  const seen = new Set<number>();
  const verdict = (broken?: AuditBreak): AuditVerdict => ({
    intact: broken === undefined,
    entries,
    head: previous === undefined ? null : { seq: previous.seq, hash: previous.hash, at: previous.at },
    ...(broken === undefined ? {} : { broken }),
  });
  for (;;) {
    const page = await read(previous?.seq ?? 0, pageSize);
    for (const entry of page) {
      entries += 1;
      const broken = checkEntry(entry, previous) ?? checkAnchor(entry, pinned.get(entry.seq));
      if (broken) return verdict(broken);
      if (pinned.has(entry.seq)) seen.add(entry.seq);
      previous = entry;
    }
    if (page.length < pageSize) break;
  }
  const anchor = anchors.find((a) => !seen.has(a.seq));
  if (anchor !== undefined)
    return verdict({
      seq: anchor.seq,
      kind: 'anchor',
      message: `the anchored entry ${anchor.seq} is no longer in the chain (entries were removed from the end)`,
    });
  return verdict();
}

function checkEntry(entry: AuditEntry, previous: AuditEntry | undefined): AuditBreak | undefined {
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (entry.seq !== expectedSeq)
    return {
      seq: entry.seq,
      kind: 'gap',
      message:
        entry.seq - 1 === expectedSeq
          ? `entry ${expectedSeq} is missing (removed)`
          : `entries ${expectedSeq}..${entry.seq - 1} are missing (removed)`,
    };
  if (entry.prevHash !== (previous?.hash ?? genesis))
    return {
      seq: entry.seq,
      kind: 'link',
      message: `entry ${entry.seq} does not follow entry ${expectedSeq - 1} (entries were removed or reordered)`,
    };
  if (entryHash(entry) !== entry.hash)
    return {
      seq: entry.seq,
      kind: 'hash',
      message: `entry ${entry.seq} was edited (its hash does not match)`,
    };
  return undefined;
}

function checkAnchor(entry: AuditEntry, anchor: AuditAnchor | undefined): AuditBreak | undefined {
  if (anchor === undefined || entry.hash === anchor.hash) return undefined;
  return {
    seq: entry.seq,
    kind: 'anchor',
    message: `entry ${entry.seq} differs from the anchor taken at ${anchor.at} (the chain was rewritten)`,
  };
}
