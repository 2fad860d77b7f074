// How the store keeps fields the contracts mark sensitive (issue 8): the adapters hand every event
// envelope, master record, outbox payload and dead-letter detail through a sealer on the way in and out,
// so the pipeline never sees a sealed value and the database never sees a sensitive one in clear.
// The implementation (AES-256-GCM, keys) is in src/security/field-protection.
import type { CanonicalEvent } from '../contracts/index.ts';

export interface FieldSealer {
  /** The event as stored: JSON text with its sensitive fields sealed. */
  sealEvent(event: CanonicalEvent): string;
  openEvent(text: string): CanonicalEvent;
  /** A master record's data (`kind` = MasterKind) as stored. */
  sealMaster(kind: string, data: unknown): string;
  openMaster(text: string): unknown;
  /** Text the store keeps opaque (an outbox row's commands, a dead letter's detail): sealed whole. */
  sealOpaque(text: string): string;
  openOpaque(text: string): string;
}
