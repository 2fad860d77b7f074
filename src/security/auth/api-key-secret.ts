// API key text: `llk_<id>_<secret>`, the id 12 hex digits (public, names the key in lists and the audit
// log), the secret 32 random bytes in base64url. Only SHA-256(secret) is stored: a 256-bit random secret
// cannot be guessed from its hash, so a slow password hash (scrypt, argon2) would add cost per request
// and no protection (ADR 0020).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const apiKeyPrefix = 'llk_';
const keyPattern = /^llk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyText {
  readonly id: string;
  readonly secret: string;
}

export function newApiKeyText(): ApiKeyText & { readonly text: string } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, text: `${apiKeyPrefix}${id}_${secret}` };
}

/** The parts of a presented key; undefined when it is not shaped like one. */
export function parseApiKey(text: string): ApiKeyText | undefined {
  const match = keyPattern.exec(text);
  if (match === null) return undefined;
  const [, id, secret] = match;
  return id === undefined || secret === undefined ? undefined : { id, secret };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
