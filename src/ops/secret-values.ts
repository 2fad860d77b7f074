// The secret values a configuration points to ({ env } or { file } references anywhere in it), so the
// logger can scrub them from every line. A reference that cannot be read is skipped: it is reported
// where it is used.
import type { Config } from '../config/schema.ts';
import { resolveSecret } from '../config/load-config.ts';

function isSecretRef(value: unknown): value is { env: string } | { file: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return (
    keys.length === 1 &&
    ((keys[0] === 'env' && typeof (value as { env?: unknown }).env === 'string') ||
      (keys[0] === 'file' && typeof (value as { file?: unknown }).file === 'string'))
  );
}

export function secretValuesOf(config: Config, env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (isSecretRef(value)) {
      try {
        found.push(resolveSecret(value, 'logging', env));
      } catch {
        // unreadable: nothing to scrub
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(config);
  // A PostgreSQL URL's password.
  if ('postgres' in config.store) {
    try {
      const password = decodeURIComponent(new URL(config.store.postgres).password);
      if (password !== '') found.push(password);
    } catch {
      // not a URL: the store reports it
    }
  }
  return found;
}
