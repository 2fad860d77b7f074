// Machine API keys (issue 8): what the store keeps of a key. The secret itself is never stored, only its
// SHA-256 (src/security/auth/api-key-secret.ts says why a plain hash is enough for a 256-bit secret).

/** A key as listed: everything but the hash. Times are ISO 8601 UTC instants. */
export interface ApiKeyRecord {
  /** Public part of the key (`llk_<id>_<secret>`), e.g. `3f9a1c2b7d4e`. */
  readonly id: string;
  readonly name: string;
  /** Role names as granted; checked against the roles Ledgerline knows when the key is used. */
  readonly roles: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  /** Updated at most once a minute per process, so a busy key does not write on every request. */
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface NewApiKey {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  /** Hex SHA-256 of the secret part. */
  readonly secretHash: string;
}

export interface ApiKeyWithHash {
  readonly key: ApiKeyRecord;
  readonly secretHash: string;
}

/** The store's API-key methods (part of Store). */
export interface ApiKeyStore {
  createApiKey(key: NewApiKey): Promise<ApiKeyRecord>;
  /** The key and its hash, revoked or not; undefined when no key has this id. */
  findApiKey(id: string): Promise<ApiKeyWithHash | undefined>;
  /** Oldest first. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked; undefined when there is no such key or it was revoked already. */
  revokeApiKey(id: string, at: string): Promise<ApiKeyRecord | undefined>;
  touchApiKey(id: string, at: string): Promise<void>;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  roles: string;
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  revoked_at: string | null;
  secret_hash: string;
}

export const apiKeyColumns = 'id, name, roles, created_at, created_by, last_used_at, revoked_at, secret_hash';

export function toApiKey(row: ApiKeyRow): ApiKeyWithHash {
  return {
    key: {
      id: row.id,
      name: row.name,
      roles: JSON.parse(row.roles) as string[],
      createdAt: row.created_at,
      createdBy: row.created_by,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
    },
    secretHash: row.secret_hash,
  };
}
