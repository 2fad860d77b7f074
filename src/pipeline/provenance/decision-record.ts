// What a delivery was derived from, kept with it so `ledgerline explain` re-derives it from these inputs
// instead of today's state: the source event's digest, the decide logic's version, the environment (the
// configuration deciding reads) and every cross-reference and master record the decision read, as read.
import { createHash } from 'node:crypto';

export interface DecisionRecord {
  readonly derivationVersion: number;
  readonly eventSeq: number;
  /** See source-digest.ts; also carried by every command of the delivery. */
  readonly sourceDigest: string;
  /** Digest of the environment snapshot (environment-snapshot.ts), stored as an input. */
  readonly configDigest: string;
  /** xref key -> the external id read, null when there was none. */
  readonly xrefs: Readonly<Record<string, string | null>>;
  /** canonical key -> the canonical id read, null when there was none. */
  readonly canonical: Readonly<Record<string, string | null>>;
  /** master key -> digest of the record read (an input), null when there was none. */
  readonly master: Readonly<Record<string, string | null>>;
}

/** Inputs are addressed by the SHA-256 of their JSON text, so a record read by many decisions is stored once. */
export function inputDigest(json: string): string {
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

export function parseDecisionRecord(text: string): DecisionRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the decision record is not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'the decision record is not an object';
  const r = value as Partial<DecisionRecord>;
  if (
    typeof r.derivationVersion !== 'number' ||
    typeof r.eventSeq !== 'number' ||
    typeof r.sourceDigest !== 'string' ||
    typeof r.configDigest !== 'string' ||
    typeof r.xrefs !== 'object' ||
    typeof r.canonical !== 'object' ||
    typeof r.master !== 'object'
  )
    return 'the decision record lacks a field';
  return r as DecisionRecord;
}
