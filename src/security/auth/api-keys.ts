// Issuing and revoking API keys, each recorded in the audit log (never the secret). Used by the CLI and
// by the demo, which issues itself an admin key at start.
import type { Store } from '../../store/port.ts';
import type { ApiKeyRecord } from '../../store/api-key-port.ts';
import { auditEntry } from '../../audit/record.ts';
import type { Role } from '../principal.ts';
import { hashSecret, newApiKeyText } from './api-key-secret.ts';

export interface IssuedApiKey {
  readonly record: ApiKeyRecord;
  /** The whole key: shown once, never stored. */
  readonly text: string;
}

export async function issueApiKey(
  store: Store,
  request: { readonly name: string; readonly roles: readonly Role[]; readonly actor: string },
  at: Date = new Date(),
): Promise<IssuedApiKey> {
  const { id, secret, text } = newApiKeyText();
  const record = await store.createApiKey({
    id,
    name: request.name,
    roles: request.roles,
    createdAt: at.toISOString(),
    createdBy: request.actor,
    secretHash: hashSecret(secret),
  });
  await store.appendAudit([
    auditEntry(
      request.actor,
      'apikey.created',
      `apikey:${id}`,
      { name: request.name, roles: request.roles },
      at,
    ),
  ]);
  return { record, text };
}

/** Undefined when there is no such key or it was revoked already. */
export async function revokeApiKey(
  store: Store,
  id: string,
  actor: string,
  at: Date = new Date(),
): Promise<ApiKeyRecord | undefined> {
  const revoked = await store.revokeApiKey(id, at.toISOString());
  if (revoked !== undefined)
    await store.appendAudit([
      auditEntry(actor, 'apikey.revoked', `apikey:${id}`, { name: revoked.name }, at),
    ]);
  return revoked;
}
