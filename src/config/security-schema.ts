// `security` in the YAML configuration (issue 8): who may call the API and how they prove it.
// Without `security.auth` the API is unauthenticated (a loopback demo, the tests); `ledgerline serve` then
// refuses a non-loopback address unless `security.allowUnauthenticated` says so.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { fieldEncryptionConfig } from './protection-schema.ts';
import { roles } from '../security/principal.ts';

/** Signature algorithms a bearer token may use; `none` and HMAC (a shared secret) are never accepted. */
export const tokenAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
];

export const OidcConfig = Type.Object(
  {
    /** The issuer (`iss`) tokens must carry, e.g. https://login.example.com/realms/firm. */
    issuer: Type.String({ format: 'uri' }),
    /** The audience (`aud`) tokens must carry: Ledgerline's client or API id. */
    audience: Type.Union([
      Type.String({ minLength: 1 }),
      Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    ]),
    /** The issuer's key set; without it, read from the issuer's /.well-known/openid-configuration. */
    jwksUri: Type.Optional(Type.String({ format: 'uri' })),
    /** The claim holding Ledgerline roles (a list or a space-separated string); dots reach into objects,
     * e.g. `realm_access.roles`. Default `roles`. */
    rolesClaim: Type.Optional(Type.String({ minLength: 1, default: 'roles' })),
    /** Leeway for exp/nbf/iat against clock skew (default 30 s). */
    clockToleranceSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 300, default: 30 })),
    /** Allowed signature algorithms (default: every asymmetric one jose knows, never `none` or HS*). */
    algorithms: Type.Optional(
      Type.Array(Type.Union(tokenAlgorithms.map((a) => Type.Literal(a))), { minItems: 1 }),
    ),
  },
  { additionalProperties: false },
);
export type OidcConfig = Static<typeof OidcConfig>;

export const AuthConfig = Type.Object(
  {
    /** People (the console) and tools with tokens from the firm's identity provider. */
    oidc: Type.Optional(OidcConfig),
    /** Machine API keys (`ledgerline apikey create`); default on. */
    apiKeys: Type.Optional(Type.Boolean({ default: true })),
    /** Refusals written to the audit log per minute and process; more are counted into the next one. */
    refusalsAuditedPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 60 })),
  },
  { additionalProperties: false },
);
export type AuthConfig = Static<typeof AuthConfig>;

const FileRef = Type.Object({ file: Type.String({ minLength: 1 }) }, { additionalProperties: false });

/** `security.tls`: the API itself serves HTTPS, optionally asking machines for client certificates. */
function tlsConfig<S extends TSchema>(secretRef: S) {
  return Type.Object(
    {
      /** The server's certificate chain (PEM). */
      cert: FileRef,
      /** The server's private key (PEM): a secret reference, `{ env: NAME }` or `{ file: PATH }`. */
      key: secretRef,
      /** The CA (PEM) that signs client certificates; without it no client certificate is asked for. */
      clientCa: Type.Optional(FileRef),
      /** Refuse the TLS handshake of a client without a certificate signed by `clientCa` (default false:
       * such a client may still present a bearer credential). */
      requireClientCert: Type.Optional(Type.Boolean()),
      /** Client certificates that authenticate: subject CN -> roles (`mtls:<CN>` in the audit log). */
      clients: Type.Optional(
        Type.Record(
          Type.String({ minLength: 1 }),
          Type.Array(Type.Union(roles.map((r) => Type.Literal(r))), { minItems: 1 }),
        ),
      ),
    },
    // A client certificate is only checked against clientCa: never against the public roots.
    {
      additionalProperties: false,
      dependencies: { clients: ['clientCa'], requireClientCert: ['clientCa'] },
    },
  );
}

/** `security`: built with the config's secret reference schema (field keys are secrets). */
export function securityConfigSchema<S extends TSchema>(secretRef: S) {
  return Type.Object(
    {
      /** Authentication and roles on the API and console; absent: everyone is let in (loopback only). */
      auth: Type.Optional(AuthConfig),
      /** Lets `ledgerline serve` listen beyond loopback without `auth`: anyone who reaches it can act. */
      allowUnauthenticated: Type.Optional(Type.Boolean()),
      /** Governance (and the finance policy and legal entities it rests on) needs a second person: the
       * service starts only with a configuration whose digest one actor proposed and another approved
       * (`ledgerline config propose|approve`). */
      secondApprover: Type.Optional(Type.Boolean()),
      /** Lets `serve` and `worker` run a PostgreSQL store without `fieldEncryption`: sensitive fields are
       * then stored in clear (see clear-fields-problem.ts). */
      allowSensitiveFieldsInClear: Type.Optional(Type.Boolean()),
      /** Field-level encryption at rest (src/security/field-protection, ADR 0021). */
      fieldEncryption: Type.Optional(fieldEncryptionConfig(secretRef)),
      /** HTTPS on the API and mutual TLS for system-to-system intake (ADR 0020). */
      tls: Type.Optional(tlsConfig(secretRef)),
      /** Which identities are one person, for segregation of duties (src/security/people.ts): a name ->
       * the identities the audit log records for them (`cli:<os user>`, `apikey:<id>`,
       * `oidc:<issuer>#<sub>`, `mtls:<CN>`). An identity not listed is a person of its own. */
      people: Type.Optional(
        Type.Record(
          Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@ -]{0,99}$' }),
          Type.Array(Type.String({ pattern: '^(cli|apikey|oidc|mtls):.+$', maxLength: 500 }), {
            minItems: 1,
            uniqueItems: true,
          }),
        ),
      ),
    },
    { additionalProperties: false },
  );
}
export type SecurityConfig = Static<ReturnType<typeof securityConfigSchema<TSchema>>>;
export interface TlsConfig {
  readonly cert: { readonly file: string };
  readonly key: { readonly env: string } | { readonly file: string };
  readonly clientCa?: { readonly file: string };
  readonly requireClientCert?: boolean;
  readonly clients?: Readonly<Record<string, readonly (typeof roles)[number][]>>;
}
