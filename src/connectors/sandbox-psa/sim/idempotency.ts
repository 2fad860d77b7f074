// IETF Idempotency-Key semantics for the write API: the first request under a key is applied and its
// answer remembered; the same key with the same request answers that original result again; the same key
// with another request is refused. A refusal is not remembered, so a fixed cause lets the same key succeed.
import { SandboxPsaError } from './errors.ts';
import type { PsaStore } from './store.ts';

export interface WriteAnswer {
  readonly status: 200 | 201;
  readonly body: unknown;
}

export interface WriteOutcome {
  readonly status: number;
  readonly body: unknown;
  readonly replayed: boolean;
}

/** Printable ASCII without quotes or spaces, as a structured-field string can carry it. */
const KEY = /^[\x21\x23-\x7e]{1,255}$/;

/** The key from the header, which is a structured-field string: quoted, though a bare token is accepted. */
export function idempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined)
    throw new SandboxPsaError(
      'invalid_request',
      'the Idempotency-Key header is required on writes',
      [],
      'idempotency_key_missing',
    );
  const text = Array.isArray(header) ? (header[0] ?? '') : header;
  const key = /^"(.*)"$/.exec(text)?.[1] ?? text;
  if (!KEY.test(key))
    throw new SandboxPsaError(
      'invalid_request',
      'Idempotency-Key must be 1 to 255 printable characters without spaces or quotes',
      [],
      'idempotency_key_invalid',
    );
  return key;
}

export function applyOnce(
  store: PsaStore,
  key: string,
  fingerprint: string,
  apply: () => WriteAnswer,
): WriteOutcome {
  const known = store.idempotency.get(key);
  if (known) {
    if (known.fingerprint !== fingerprint)
      throw new SandboxPsaError(
        'unprocessable',
        `Idempotency-Key "${key}" was already used for a different request`,
        [],
        'idempotency_key_reused',
      );
    return { status: known.status, body: known.body, replayed: true };
  }
  const answer = apply();
  store.idempotency.set(key, { key, fingerprint, status: answer.status, body: answer.body });
  store.changed();
  return { ...answer, replayed: false };
}
