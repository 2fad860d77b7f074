// `security.tls` made into the HTTPS server's options: PEM read once at start, the key through the secret
// reference. A client certificate is asked for only with `clientCa`, and checked only against it: Node's
// default (the public roots) would let any publicly issued certificate with a listed CN in.
import { readFileSync } from 'node:fs';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import type { TlsConfig } from '../../config/security-schema.ts';
import { ConfigError, resolveSecret } from '../../config/load-config.ts';

export type TlsServerOptions = SecureContextOptions & Pick<TlsOptions, 'requestCert' | 'rejectUnauthorized'>;

function pemFile(file: string, where: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(where, [
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
}

export function tlsServerOptions(tls: TlsConfig, env: NodeJS.ProcessEnv): TlsServerOptions {
  const base = {
    cert: pemFile(tls.cert.file, 'security.tls.cert'),
    key: resolveSecret(tls.key, 'security.tls.key', env),
  };
  if (tls.clientCa === undefined) return base;
  return {
    ...base,
    ca: pemFile(tls.clientCa.file, 'security.tls.clientCa'),
    requestCert: true,
    rejectUnauthorized: tls.requireClientCert === true,
  };
}
