// A sign-off records who accepted which totals of a period's reconciliation, and when. Each one is
// chained to the one before by SHA-256, so a row altered afterwards (even with the triggers dropped) no
// longer verifies, nor does any row after it.
import { createHash } from 'node:crypto';
import { canonicalJsonText } from '../domain/canonical-json.ts';
import type { SignOff, StoredSignOff } from '../store/port.ts';
import type { ReconciliationReport } from './report.ts';

export const genesis = '0'.repeat(64);

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return canonicalJsonText(value) as string;
}

/** The systems or files compared, as the report names them. */
export interface ComparedSides {
  readonly source: string;
  readonly target: string;
}

/** What is signed: the scope, the sides, the control totals and how many differences of each class. */
export function signedTotals(report: ReconciliationReport, sides: ComparedSides): string {
  return canonicalJson({
    period: report.period,
    entity: report.entity ?? null,
    source: sides.source,
    target: sides.target,
    records: report.read,
    keys: report.keys,
    differences: report.counts,
    totals: report.totals,
  });
}

function rowHash(s: Omit<SignOff, 'sha256' | 'totals'>): string {
  return sha256(
    canonicalJson([
      s.period,
      s.entity,
      s.signedBy,
      s.signedAt,
      s.totalsSha256,
      s.differences,
      s.acceptedDifferences,
      s.previousSha256,
    ]),
  );
}

export interface SignOffRequest {
  readonly report: ReconciliationReport;
  readonly sides: ComparedSides;
  readonly signedBy: string;
  readonly signedAt: Date;
  /** Why it is signed with differences open. */
  readonly acceptedDifferences?: string;
}

/** The sign-off to append after `previous` (store.appendSignOff calls it inside its transaction). */
export function signOffAfter(request: SignOffRequest): (previous: StoredSignOff | undefined) => SignOff {
  return (previous) => {
    const totals = signedTotals(request.report, request.sides);
    const unsigned = {
      period: request.report.period,
      entity: request.report.entity ?? null,
      signedBy: request.signedBy,
      signedAt: request.signedAt.toISOString(),
      totalsSha256: sha256(totals),
      differences: request.report.differences.length,
      acceptedDifferences: request.acceptedDifferences ?? null,
      previousSha256: previous?.sha256 ?? genesis,
    };
    return { ...unsigned, totals, sha256: rowHash(unsigned) };
  };
}

export interface ChainCheck {
  readonly seq: number;
  /** Undefined when the row verifies. */
  readonly problem?: string;
}

/** Checks every row, oldest first: its totals hash, its own hash and its link to the row before. */
export function verifyChain(rows: readonly StoredSignOff[]): ChainCheck[] {
  let previous = genesis;
  return rows.map((row) => {
    const expectedPrevious = previous;
    previous = row.sha256;
    if (row.previousSha256 !== expectedPrevious)
      return {
        seq: row.seq,
        problem: 'does not follow the sign-off before it (a row was removed or reordered)',
      };
    if (sha256(row.totals) !== row.totalsSha256)
      return { seq: row.seq, problem: 'its totals were altered after signing' };
    if (rowHash(row) !== row.sha256) return { seq: row.seq, problem: 'its record was altered after signing' };
    return { seq: row.seq };
  });
}
