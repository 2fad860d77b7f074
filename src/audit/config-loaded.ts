// The entry a starting service appends: a digest of the configuration it runs with (never the content,
// which names systems and where their secrets are), so a changed configuration shows in the log.
import { canonicalJson, sha256 } from '../reconcile/sign-off.ts';
import type { Config } from '../config/schema.ts';
import type { NewAuditEntry } from '../store/audit-port.ts';
import { ledgerlineVersion } from '../version.ts';
import { auditEntry } from './record.ts';

export function configLoaded(config: Config, role: string, owner: string): NewAuditEntry {
  return auditEntry('system', 'config.loaded', `process:${owner}`, {
    configSha256: sha256(canonicalJson(config)),
    role,
    version: ledgerlineVersion,
  });
}
