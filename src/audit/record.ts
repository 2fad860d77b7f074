// Building audit entries where operators act: who they are (the OS user at a CLI, the authenticated
// principal for an API caller, `api` where authentication is off) and the entry itself, stamped now.
import { userInfo } from 'node:os';
import type { AuditAction, NewAuditEntry } from '../store/audit-port.ts';
import type { Principal } from '../security/principal.ts';

/** An API caller where authentication is off, so which caller is not known. */
export const apiActor = 'api';

/** The authenticated principal's id (`apikey:<id>`, `oidc:<issuer>#<sub>`), else `api`. */
export function requestActor(principal: Principal | undefined): string {
  return principal?.id ?? apiActor;
}

/** `cli:<os user>`; `cli:unknown` where the OS cannot say (no passwd entry in a container). */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return `cli:${process.env['USER'] ?? 'unknown'}`;
  }
}

export function auditEntry(
  actor: string,
  action: AuditAction,
  subject: string,
  detail: Readonly<Record<string, unknown>> = {},
  at: Date = new Date(),
): NewAuditEntry {
  return { at: at.toISOString(), actor, action, subject, detail };
}
