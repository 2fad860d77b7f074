// Sensitive fields (cost rates, bank details, personal data) are sealed at rest with the configured keys.
// SQLite has a default (a key file beside the database); a shared PostgreSQL store has none, so without
// `security.fieldEncryption` it would hold them in clear. `ledgerline serve` and `worker` refuse that
// unless the configuration says, in so many words, that it is intended.
import type { Config } from '../../config/schema.ts';

/** Why the service must not start on this store as configured; undefined when it may. */
export function clearFieldsProblem(config: Config): string | undefined {
  if ('sqlite' in config.store) return undefined;
  if (config.security?.fieldEncryption !== undefined) return undefined;
  if (config.security?.allowSensitiveFieldsInClear === true) return undefined;
  return (
    'store.postgres has no field keys, so cost rates, bank details and personal data would be stored in clear: ' +
    'configure security.fieldEncryption (currentKeyId and keys from env or file, e.g. `openssl rand -base64 32`; see docs/security.md), ' +
    'or set security.allowSensitiveFieldsInClear: true if the database is encrypted and access-controlled by other means'
  );
}
