// OAuth 2.0 with refresh tokens (RFC 6749 section 6), as Xero does it: an access token lives 30 minutes
// and every refresh hands out a new refresh token and retires the old one. The rotated refresh token is
// written to a file before it is used, so a restart (or a crash right after a refresh) does not leave the
// connector holding a retired token, which would need a person to authorise the app again.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface OAuth2RefreshOptions {
  /** e.g. https://identity.xero.com/connect/token */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Holds the current refresh token; written on every rotation. */
  readonly refreshTokenFile: string;
  /** Used only while the file does not exist yet (the token from the first authorisation). */
  readonly initialRefreshToken?: string;
  readonly timeoutMs: number;
  /** Refresh this long before the access token expires; default 60 s. */
  readonly marginMs?: number;
  readonly now?: () => number;
}

/** The token endpoint refused (invalid_grant: the refresh token is retired or revoked) or failed. */
export class OAuth2Error extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'unavailable',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'OAuth2Error';
  }
}

interface Held {
  readonly token: string;
  readonly expiresAt: number;
}

export class OAuth2Session {
  readonly #options: OAuth2RefreshOptions;
  readonly #now: () => number;
  #held: Held | undefined;
  #pending: Promise<string> | undefined;
  refreshes = 0;

  constructor(options: OAuth2RefreshOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** A current access token, refreshed first when it is missing or about to expire. */
  accessToken(): Promise<string> {
    const held = this.#held;
    if (held && held.expiresAt - (this.#options.marginMs ?? 60_000) > this.#now())
      return Promise.resolve(held.token);
    // One refresh at a time: two concurrent refreshes would retire each other's token.
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** The API refused the token (401): the next call refreshes. */
  invalidate(): void {
    this.#held = undefined;
  }

  #readRefreshToken(): string {
    const file = this.#options.refreshTokenFile;
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    if (this.#options.initialRefreshToken !== undefined) return this.#options.initialRefreshToken;
    throw new OAuth2Error('unauthorized', `no refresh token: ${file} does not exist and none was configured`);
  }

  #writeRefreshToken(token: string): void {
    const file = this.#options.refreshTokenFile;
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${token}\n`, { mode: 0o600 });
    renameSync(temp, file);
  }

  async #refresh(): Promise<string> {
    const refreshToken = this.#readRefreshToken();
    const basic = Buffer.from(`${this.#options.clientId}:${this.#options.clientSecret}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(this.#options.tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (error) {
      throw new OAuth2Error('unavailable', `token endpoint unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    if (response.status === 400 || response.status === 401)
      throw new OAuth2Error(
        'unauthorized',
        `token endpoint refused the refresh (${response.status}): ${text}`,
      );
    if (!response.ok) throw new OAuth2Error('unavailable', `token endpoint answered ${response.status}`);
    const body = parseTokenResponse(text);
    if (!body) throw new OAuth2Error('unavailable', 'token endpoint answered no access_token');
    // Durable before use: the old refresh token is already retired at the vendor.
    if (body.refreshToken !== undefined) this.#writeRefreshToken(body.refreshToken);
    this.refreshes += 1;
    this.#held = { token: body.accessToken, expiresAt: this.#now() + body.expiresInS * 1000 };
    return body.accessToken;
  }
}

function parseTokenResponse(
  text: string,
): { accessToken: string; refreshToken: string | undefined; expiresInS: number } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const access = b['access_token'];
  if (typeof access !== 'string' || access === '') return undefined;
  const refresh = b['refresh_token'];
  const expires = b['expires_in'];
  return {
    accessToken: access,
    refreshToken: typeof refresh === 'string' && refresh !== '' ? refresh : undefined,
    expiresInS: typeof expires === 'number' && expires > 0 ? expires : 1800,
  };
}
