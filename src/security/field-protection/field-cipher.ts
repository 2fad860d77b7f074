// AES-256-GCM for one field value. The token names its key, so several keys can be live at once (rotation
// without downtime); the field's path is the additional authenticated data, so a sealed value moved to
// another field (or another row's field of another name) fails to open instead of reading as valid.
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

export interface FieldKeyring {
  /** New values are sealed under this key. */
  readonly currentKeyId: string;
  /** Every key that may still open stored values, 32 bytes each. */
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** A sealed value in stored JSON: `{ "$sealed": "v1.<key id>.<iv>.<ciphertext+tag>" }` (base64url). */
export const sealedMark = '$sealed';
export interface SealedValue {
  readonly [sealedMark]: string;
}

export const keyIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export class FieldKeyError extends Error {
  readonly reasonCode = 'security.field_key_unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'FieldKeyError';
  }
}

export function isSealed(value: unknown): value is SealedValue {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as Record<string, unknown>)[sealedMark] === 'string' &&
    Object.keys(value).length === 1
  );
}

// IVs are 96 random bits each (NIST SP 800-38D 8.2.2), drawn from a pool filled from the CSPRNG 4 KiB at a
// time: one randomBytes call per sealed field cost more than the encryption itself. Each IV is copied out
// of the pool and every byte of the pool is used once.
const ivSize = 12;
const ivPool = Buffer.alloc(ivSize * 341);
let ivPoolAt = ivPool.length;

function freshIv(): Buffer {
  if (ivPoolAt + ivSize > ivPool.length) {
    randomFillSync(ivPool);
    ivPoolAt = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivPoolAt, ivPoolAt + ivSize));
  ivPoolAt += ivSize;
  return iv;
}

export function sealValue(value: unknown, keyring: FieldKeyring, aad: string): SealedValue {
  const key = keyring.keys.get(keyring.currentKeyId);
  if (key === undefined)
    throw new FieldKeyError(`the current field key ${keyring.currentKeyId} is not loaded`);
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([
    cipher.update(JSON.stringify(value), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return {
    [sealedMark]: `v1.${keyring.currentKeyId}.${iv.toString('base64url')}.${body.toString('base64url')}`,
  };
}

/** The key id a sealed value names, without opening it. */
export function keyIdOf(sealed: SealedValue): string {
  return sealed[sealedMark].split('.')[1] ?? '';
}

export function openValue(sealed: SealedValue, keyring: FieldKeyring | undefined, aad: string): unknown {
  const [version, keyId = '', ivText = '', bodyText = ''] = sealed[sealedMark].split('.');
  if (version !== 'v1') throw new FieldKeyError(`a sealed field has an unknown format (${String(version)})`);
  const key = keyring?.keys.get(keyId);
  if (key === undefined)
    throw new FieldKeyError(
      `a stored field is encrypted under key "${keyId}", which is not configured (security.fieldEncryption.keys)`,
    );
  const body = Buffer.from(bodyText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  try {
    const text = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as unknown;
  } catch {
    throw new FieldKeyError(
      `a stored field under key "${keyId}" does not authenticate (wrong key or altered)`,
    );
  }
}
