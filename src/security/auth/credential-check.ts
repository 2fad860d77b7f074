// Checking a credential against what the configuration accepts (API keys, OIDC bearer tokens), shared by
// the HTTP API's hook and a worker's metrics endpoint, so both refuse alike and say what they accept.
import type { AuthConfig } from '../../config/security-schema.ts';
import type { Store } from '../../store/port.ts';
import { apiKeyVerifier } from './api-key-verifier.ts';
import { refusal, type Authentication } from './authentication.ts';
import type { Credential } from './credentials.ts';
import { oidcVerifier } from './oidc-verifier.ts';

export interface CredentialChecker {
  /** What a caller may send, in words, for refusals: "an API key or a bearer token from ...". */
  readonly accepted: string;
  check(credential: Credential): Promise<Authentication>;
}

/** `clientCertificates`: whether listed mTLS client certificates also authenticate (named in `accepted`). */
export function credentialChecker(
  config: AuthConfig,
  store: Store,
  clientCertificates = false,
): CredentialChecker {
  const apiKeysOn = config.apiKeys !== false;
  const verifyApiKey = apiKeysOn ? apiKeyVerifier(store) : undefined;
  const verifyToken = config.oidc ? oidcVerifier(config.oidc) : undefined;
  const accepted = [
    apiKeysOn ? 'an API key' : undefined,
    verifyToken ? 'a bearer token from the identity provider' : undefined,
    clientCertificates ? 'a client certificate listed in security.tls.clients' : undefined,
  ]
    .filter((w) => w !== undefined)
    .join(' or ');

  return {
    accepted,
    async check(credential: Credential): Promise<Authentication> {
      if (credential.kind === 'unsupported')
        return refusal(
          'unsupported-credential',
          `Authorization scheme ${JSON.stringify(credential.scheme)} is not accepted: send "Authorization: Bearer <token or API key>".`,
        );
      if (credential.kind === 'api-key')
        return verifyApiKey
          ? verifyApiKey(credential.text)
          : refusal(
              'api-keys-off',
              `API keys are not accepted here (security.auth.apiKeys is off); send ${accepted}.`,
            );
      return verifyToken
        ? verifyToken(credential.text)
        : refusal(
            'tokens-off',
            `Bearer tokens are not accepted here (no security.auth.oidc); send ${accepted}.`,
          );
    },
  };
}
