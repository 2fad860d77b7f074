// What a sweep remembers of a record: a revision counter (bumped with every event, so an entry approved,
// withdrawn and approved again unchanged still gets new event ids), a state, a hash of the fields that
// matter, and for time entries the work date (so entries that aged out of the window are forgotten
// without asking Redmine). Stored as one string: "rev|state|hash|spentOn".
import { createHash } from 'node:crypto';

export interface Mark {
  readonly rev: number;
  readonly state: string;
  readonly hash: string;
  /** Time entries only: the work date when last seen. */
  readonly spentOn?: string;
}

/** 16 hex digits of SHA-256 over the values in order; the caller picks the fields that matter. */
export function hashOf(values: readonly (string | number | boolean | null)[]): string {
  return createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 16);
}

export function encodeMark(mark: Mark): string {
  return [mark.rev, mark.state, mark.hash, mark.spentOn ?? ''].join('|');
}

const MARK = /^([1-9][0-9]{0,8})\|([a-z]{1,16})\|([0-9a-f]{16})\|([0-9]{4}-[0-9]{2}-[0-9]{2})?$/;

/** Throws for a fingerprint this connector did not write: the memory belongs to something else. */
export function decodeMark(fingerprint: string, what: string): Mark {
  const m = MARK.exec(fingerprint);
  if (m === null)
    throw new Error(`remembered fingerprint of ${what} is not a Redmine mark: "${fingerprint}"`);
  const [, rev = '', state = '', hash = '', spentOn] = m;
  return { rev: Number(rev), state, hash, ...(spentOn !== undefined && { spentOn }) };
}
