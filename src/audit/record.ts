// Building audit entries where operators act: who they are (there is no authentication yet, so what is
// known: the OS user at a CLI, `api` for an API caller) and the entry itself, stamped now.
import { userInfo } from 'node:os';
import type { AuditAction, NewAuditEntry } from '../store/audit-port.ts';

/** An API caller: the API has no authentication yet, so which caller is not known. */
export const apiActor = 'api';

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
