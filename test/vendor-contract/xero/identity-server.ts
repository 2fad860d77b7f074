// Xero's token endpoint (identity.xero.com/connect/token) for the refresh-token grant, as a real local
// server: client credentials by HTTP Basic, a refresh token is good once (each refresh retires it and
// issues a new one, as Xero does), access tokens expire after `expiresInS`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface IdentityServer {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The one refresh token currently good. */
  refreshToken: string;
  /** Access tokens issued and not revoked. */
  readonly accessTokens: Set<string>;
  readonly refreshes: number;
  /** Lifetime of the next access tokens. */
  expiresInS: number;
  close(): Promise<void>;
}

export async function startIdentityServer(): Promise<IdentityServer> {
  const clientId = `client-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(16).toString('hex');
  let refreshes = 0;
  const state = {
    refreshToken: `rt-${randomBytes(12).toString('hex')}`,
    accessTokens: new Set<string>(),
    expiresInS: 1800,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/connect/token') return answer(404, { error: 'not_found' });
      const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
      if (req.headers.authorization !== `Basic ${basic}`) return answer(401, { error: 'invalid_client' });
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('grant_type') !== 'refresh_token') return answer(400, { error: 'unsupported_grant_type' });
      if (form.get('refresh_token') !== state.refreshToken) return answer(400, { error: 'invalid_grant' });
      refreshes += 1;
      state.refreshToken = `rt-${randomBytes(12).toString('hex')}`;
      const access = `at-${randomBytes(12).toString('hex')}`;
      state.accessTokens.add(access);
      answer(200, {
        access_token: access,
        expires_in: state.expiresInS,
        token_type: 'Bearer',
        refresh_token: state.refreshToken,
        scope: 'offline_access accounting.transactions accounting.contacts projects',
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/connect/token`,
    clientId,
    clientSecret,
    get refreshToken() {
      return state.refreshToken;
    },
    set refreshToken(value: string) {
      state.refreshToken = value;
    },
    accessTokens: state.accessTokens,
    get refreshes() {
      return refreshes;
    },
    get expiresInS() {
      return state.expiresInS;
    },
    set expiresInS(value: number) {
      state.expiresInS = value;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** The mock's bearer check: 401 as Xero answers it, for a missing, unknown or revoked token. */
export function bearerCheck(identity: IdentityServer) {
  return (headers: Readonly<Record<string, string>>) => {
    const token = /^Bearer (.+)$/.exec(headers['authorization'] ?? '')?.[1];
    if (token !== undefined && identity.accessTokens.has(token)) return undefined;
    return {
      status: 401,
      body: { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' },
    };
  };
}
