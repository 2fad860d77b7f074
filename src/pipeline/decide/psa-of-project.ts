import { parseCanonicalId } from '../../governance/domain-of.ts';
import type { DecideEnvironment } from './context.ts';

/**
 * The PSA that holds a project, and the project's id there: a project's canonical id is in its PSA's id
 * space (`project:<psa>:<native id>`), so no cross-reference is needed.
 */
export function psaOfProject(
  projectId: string,
  env: DecideEnvironment,
): { readonly system: string; readonly externalId: string } | undefined {
  const parts = parseCanonicalId(projectId);
  if (!parts || !env.psaTargets.includes(parts.system)) return undefined;
  return { system: parts.system, externalId: parts.nativeId };
}

/**
 * The configured PSA that holds a project but takes no commands (e.g. Xero Projects, whose invoices and
 * payments live in the ERP): status for its projects has nowhere to go, which is not a failure.
 */
export function readOnlyPsaOfProject(projectId: string, env: DecideEnvironment): string | undefined {
  const parts = parseCanonicalId(projectId);
  if (!parts || env.psaTargets.includes(parts.system) || !env.psaSystems.includes(parts.system))
    return undefined;
  return parts.system;
}
