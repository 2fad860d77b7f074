// A real OIDC identity provider for tests: an HTTP server with a discovery document and a JWKS made from
// jose-generated keys, and a way to sign tokens with them (or with a key it does not publish).
import { createServer, type Server } from 'node:http';
import { after, before } from 'node:test';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from 'jose';

export interface IdentityProvider {
  readonly issuer: string;
  readonly jwksUri: string;
  /** Requests for the key set so far. */
  readonly jwksRequests: () => number;
  /** A signed token for `sub` (default exp 10 minutes from now); `claims` may override any claim. */
  token(
    claims: JWTPayload & Record<string, unknown>,
    options?: { readonly unpublishedKey?: boolean; readonly expiresIn?: string | number },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startIdentityProvider(audience: string): Promise<IdentityProvider> {
  const published = await generateKeyPair('RS256');
  const unpublished = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(published.publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  let jwksRequests = 0;
  let issuer = '';
  const server: Server = createServer((request, response) => {
    if (request.url === '/.well-known/openid-configuration') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (request.url === '/jwks') {
      jwksRequests += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function sign(
    claims: JWTPayload & Record<string, unknown>,
    key: CryptoKey,
    kid: string,
    expiresIn: string | number,
  ): Promise<string> {
    return new SignJWT({ iss: issuer, aud: audience, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);
  }

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    jwksRequests: () => jwksRequests,
    token: (claims, options = {}) =>
      options.unpublishedKey === true
        ? sign(claims, unpublished.privateKey, 'test-key-1', options.expiresIn ?? '10m')
        : sign(claims, published.privateKey, 'test-key-1', options.expiresIn ?? '10m'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** An identity provider for a suite: started before its tests (register it before a harness that reads
 * its issuer), closed after; its properties read the started one. */
export function useIdentityProvider(audience: string): IdentityProvider {
  let idp: IdentityProvider | undefined;
  before(async () => {
    idp = await startIdentityProvider(audience);
  });
  after(async () => {
    await idp?.close();
  });
  const started = (): IdentityProvider => {
    if (idp === undefined) throw new Error('the identity provider starts in the suite’s before()');
    return idp;
  };
  return {
    get issuer() {
      return started().issuer;
    },
    get jwksUri() {
      return started().jwksUri;
    },
    jwksRequests: () => started().jwksRequests(),
    token: (claims, options) => started().token(claims, options),
    close: () => started().close(),
  };
}
