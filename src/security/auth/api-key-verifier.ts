// Checks a presented API key against the store: known, secret matching, not revoked. Last use is written
// at most once a minute per key and process: a key used on every request must not cost a write each time.
import type { ApiKeyStore } from '../../store/api-key-port.ts';
import { isRole } from '../principal.ts';
import { parseApiKey, secretMatches } from './api-key-secret.ts';
import { refusal, type Authentication } from './authentication.ts';

const touchEveryMs = 60_000;

export function apiKeyVerifier(store: ApiKeyStore, now: () => Date = () => new Date()) {
  const touchedAt = new Map<string, number>();
  return async (text: string): Promise<Authentication> => {
    const parsed = parseApiKey(text);
    if (parsed === undefined)
      return refusal(
        'api-key-malformed',
        'The API key is not one Ledgerline issued (llk_<12 hex digits>_<43 characters>); copy it whole, as `ledgerline apikey create` printed it.',
      );
    const found = await store.findApiKey(parsed.id);
    // Unknown id and wrong secret answer alike: a caller without the secret learns nothing about the id.
    if (found === undefined || !secretMatches(parsed.secret, found.secretHash))
      return refusal(
        'api-key-unknown',
        'No API key matches this one. Ask an admin for a key (`ledgerline apikey create`).',
      );
    if (found.key.revokedAt !== null)
      return refusal(
        'api-key-revoked',
        `API key ${found.key.id} (${found.key.name}) was revoked at ${found.key.revokedAt}. Ask an admin for a new one.`,
      );
    const at = now();
    const last = touchedAt.get(found.key.id);
    if (last === undefined || at.getTime() - last >= touchEveryMs) {
      touchedAt.set(found.key.id, at.getTime());
      await store.touchApiKey(found.key.id, at.toISOString());
    }
    return {
      ok: true,
      principal: { id: `apikey:${found.key.id}`, roles: found.key.roles.filter(isRole), via: 'api-key' },
    };
  };
}
