// Canonical JSON (keys sorted at every level, no whitespace), so that two bodies that differ only in
// key order get the same idempotency fingerprint; this runs once per operation on the hot path.
import { hash } from 'node:crypto';
import { canonicalJsonText } from '../../domain/canonical-json.ts';

export function canonicalJson(value: unknown): string {
  return canonicalJsonText(value) ?? 'null';
}

/** sha256 of the canonical JSON (base64); what an idempotency key is bound to. */
export function fingerprint(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'base64');
}
