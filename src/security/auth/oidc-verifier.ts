// Bearer tokens from the firm's identity provider: a JWT verified with jose against the issuer's key set
// (configured, or found through OIDC discovery on first use), for the configured issuer and audience,
// with an allow-list of asymmetric algorithms and a bounded clock tolerance.
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from '../../config/security-schema.ts';
import { tokenAlgorithms } from '../../config/security-schema.ts';
import { isRole, type Role } from '../principal.ts';
import { refusal, type Authentication } from './authentication.ts';

const discoveryTimeoutMs = 5_000;

export function oidcVerifier(config: OidcConfig) {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const keys = (): Promise<JWTVerifyGetKey> => {
    // A failed discovery is tried again on the next request, not remembered.
    keySet ??= discoverKeySet(config).catch((error: unknown) => {
      keySet = undefined;
      throw error;
    });
    return keySet;
  };
  const rolesClaim = config.rolesClaim ?? 'roles';

  return async (token: string): Promise<Authentication> => {
    let claimed: JWTPayload;
    try {
      claimed = decodeJwt(token);
    } catch {
      return refusal(
        'token-malformed',
        'The bearer token is not a JWT. Send the access token your identity provider issued.',
      );
    }
    // Named before verifying so that a token from another issuer is told apart from a forged one.
    if (claimed.iss !== config.issuer)
      return refusal(
        'token-wrong-issuer',
        `The bearer token was issued by ${JSON.stringify(claimed.iss ?? null)}, not by ${config.issuer}. Sign in with the configured identity provider.`,
      );
    let getKey: JWTVerifyGetKey;
    try {
      getKey = await keys();
    } catch (error) {
      return unavailable(error);
    }
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.algorithms ?? tokenAlgorithms,
        clockTolerance: config.clockToleranceSeconds ?? 30,
        requiredClaims: ['exp', 'sub'],
      });
      return {
        ok: true,
        principal: {
          id: `oidc:${config.issuer}#${String(payload.sub)}`,
          roles: rolesOf(payload, rolesClaim),
          via: 'oidc',
        },
      };
    } catch (error) {
      return tokenRefusal(error, config);
    }
  };
}

async function discoverKeySet(config: OidcConfig): Promise<JWTVerifyGetKey> {
  if (config.jwksUri !== undefined) return createRemoteJWKSet(new URL(config.jwksUri));
  const base = config.issuer.endsWith('/') ? config.issuer : `${config.issuer}/`;
  const url = new URL('.well-known/openid-configuration', base);
  const response = await fetch(url, { signal: AbortSignal.timeout(discoveryTimeoutMs) });
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (document.issuer !== config.issuer)
    throw new Error(`${url.href} names issuer ${JSON.stringify(document.issuer)}, not ${config.issuer}`);
  if (typeof document.jwks_uri !== 'string') throw new Error(`${url.href} names no jwks_uri`);
  return createRemoteJWKSet(new URL(document.jwks_uri));
}

/** Roles from the configured claim: a list or a space-separated string; a dotted name reaches into
 * objects (`realm_access.roles`) unless the payload has a claim of that very name (a URL-like claim). */
export function rolesOf(payload: JWTPayload, claim: string): Role[] {
  let value: unknown = (payload as Record<string, unknown>)[claim];
  if (value === undefined)
    value = claim
      .split('.')
      .reduce<unknown>(
        (at, part) =>
          typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined,
        payload,
      );
  const names = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
  return [...new Set(names.filter(isRole))];
}

function unavailable(error: unknown) {
  const why = error instanceof Error ? error.message : String(error);
  return refusal(
    'identity-provider-unavailable',
    `The identity provider's keys could not be read (${why}); the token was not checked. Try again shortly; if it persists, check security.auth.oidc (issuer, jwksUri).`,
    503,
  );
}

function tokenRefusal(error: unknown, config: OidcConfig) {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return refusal('token-expired', 'The bearer token has expired. Sign in again for a fresh one.');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const { claim, reason } = error as { claim?: string; reason?: string };
      if (claim === 'aud')
        return refusal(
          'token-wrong-audience',
          `The bearer token is not meant for Ledgerline (its audience is not ${JSON.stringify(config.audience)}). Request a token for this audience.`,
        );
      return refusal(
        'token-invalid',
        `The bearer token's ${claim ?? 'claims'} ${reason ?? 'failed validation'}.`,
      );
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return refusal(
        'token-invalid',
        'The bearer token is signed with an algorithm Ledgerline does not accept.',
      );
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return refusal(
        'token-invalid',
        "The bearer token's signature does not verify against the issuer's keys.",
      );
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JOSE_GENERIC':
    case 'ERR_JWKS_INVALID':
      return unavailable(error);
    default:
      // Not a jose error at all: the key set's fetch failed (network).
      if (typeof code !== 'string' || !code.startsWith('ERR_J')) return unavailable(error);
      return refusal('token-malformed', 'The bearer token is not a well-formed signed JWT.');
  }
}
