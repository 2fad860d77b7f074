// Configuration of field-level protection and payload retention (issue 8; src/security/field-protection,
// src/security/retention). `fieldEncryption` belongs under `security`, `retention` at the top level.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { dataDomains } from '../governance/domains.ts';

/** Built with schema.ts's SecretRef (passed in: importing it here would make the two modules a cycle). */
export function fieldEncryptionConfig<S extends TSchema>(secretRef: S) {
  return Type.Object(
    {
      /** The key new values are sealed under; must be one of `keys`. */
      currentKeyId: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
      /** Every key that may still open stored values: a 32-byte key, base64 or hex, read from the ref. */
      keys: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }), secretRef, { minProperties: 1 }),
    },
    { additionalProperties: false },
  );
}
export interface FieldEncryptionConfig {
  readonly currentKeyId: string;
  readonly keys: Readonly<Record<string, { readonly env: string } | { readonly file: string }>>;
}

const Days = Type.Integer({ minimum: 1, maximum: 36_500 });

export const RetentionConfig = Type.Object(
  {
    /** Raw payloads of finished events older than this many days are purged (a digest is kept). */
    rawPayloadDays: Days,
    /** Per data domain, instead of `rawPayloadDays` (e.g. keep invoices longer). */
    perDomain: Type.Optional(
      Type.Partial(
        Type.Object(Object.fromEntries(dataDomains.map((d) => [d, Days])) as Record<string, typeof Days>),
        {
          additionalProperties: false,
        },
      ),
    ),
    /** How often the service runs it (default "1d"). */
    every: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}(ms|s|m|h|d)$' })),
  },
  { additionalProperties: false },
);
export type RetentionConfig = Static<typeof RetentionConfig>;
