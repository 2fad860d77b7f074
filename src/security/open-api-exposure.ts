// Without `security.auth` anyone who reaches the API may act, so `ledgerline serve` listens on loopback
// only unless the configuration says, in so many words, that an open API beyond it is intended.
import { isIP } from 'node:net';
import type { Config } from '../config/schema.ts';

export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Why the service must not listen as configured; undefined when it may. */
export function openApiProblem(config: Config, what = 'the API'): string | undefined {
  if (config.security?.auth !== undefined || isLoopback(config.http.host)) return undefined;
  // Listed mTLS client certificates are authentication too (only they are then accepted).
  if (config.security?.tls?.clients !== undefined) return undefined;
  if (config.security?.allowUnauthenticated === true) return undefined;
  return (
    `http.host ${config.http.host} is reachable beyond this machine and ${what} has no authentication: ` +
    'configure security.auth (OIDC and/or API keys) or security.tls.clients (see docs/security.md), listen on 127.0.0.1, or set ' +
    'security.allowUnauthenticated: true if a proxy in front authenticates every request'
  );
}
