// The audit log's types (issue 8): what the store appends and reads back. The chain itself (hashing,
// verifying) is in src/audit/; both adapters append through `chainAfter` so they hash alike.

/** What was done. Dotted like reason codes: the part before the dot is what it was done to. */
export type AuditAction =
  | 'event.accepted'
  | 'posting.delivered'
  | 'dead-letter.retried'
  | 'dead-letter.resolved'
  | 'replay'
  | 'config.loaded'
  | 'sign-off.recorded'
  | 'audit.anchored'
  // Field protection, retention and erasure (issue 8, src/security/)
  | 'keys.rotated'
  | 'retention.purged'
  | 'subject.erased'
  // Issue 8, auth: a request refused for its credential or role; API keys issued and revoked; a
  // reconciliation repair run (segregation of duties reads it back).
  | 'access.refused'
  | 'apikey.created'
  | 'apikey.revoked'
  | 'period.repaired'
  // A governance change proposed by one actor and approved by another (security.secondApprover).
  | 'config.proposed'
  | 'config.approved';

export interface NewAuditEntry {
  /** ISO 8601 UTC instant. */
  readonly at: string;
  /** Who: `cli:<os user>`, the principal's id (`apikey:<id>`, `oidc:<issuer>#<sub>`), `api` where
   * authentication is off, `intake`, `pipeline`, `system`. */
  readonly actor: string;
  readonly action: AuditAction;
  /** What it was done to, e.g. `dead-letter:12`, `period:2026-09`. */
  readonly subject: string;
  /** A JSON object with what else is worth knowing; never a secret. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  /** As stored: an edited row may hold anything, so it is not narrowed to AuditAction. */
  readonly action: string;
  readonly subject: string;
  /** The detail as canonical JSON text, exactly what was hashed. */
  readonly detail: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** The chain head at some moment: exported to a file or kept in the anchors table. */
export interface AuditAnchor {
  readonly seq: number;
  readonly hash: string;
  /** When the anchored entry was appended. */
  readonly at: string;
}

export interface StoredAuditAnchor extends AuditAnchor {
  readonly id: number;
  /** When the anchor was taken. */
  readonly anchoredAt: string;
}
