import type { EventOf, Project } from '../../contracts/index.ts';
import { parseCanonicalId } from '../../governance/domain-of.ts';
import type { ProvisionProject } from '../../connectors/kit/commands.ts';
import { checkProjectReadiness, describeReadinessProblems } from '../../domain/readiness.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';

/**
 * A project for a client that Ledgerline wrote to the PSA from the customer master names the master's
 * customer (the ERP's), so the ERP bills the party it knows; a client made in the PSA stays as it is.
 */
function withMasterCustomer(project: Project, ctx: BatchContext): Project {
  const local = project.customerId === undefined ? undefined : parseCanonicalId(project.customerId);
  if (!local) return project;
  const master = ctx.canonicalOf('customer', local.system, local.nativeId);
  return master === undefined ? project : { ...project, customerId: master };
}

/** A ready project is provisioned in the ERP once; an incomplete one is rejected naming every gap. */
export function decideProjectActivated(
  seq: number,
  event: EventOf<'ProjectActivated'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const project = withMasterCustomer(event.data, ctx);
  const existing = ctx.externalId(project.id, env.erpSystem);
  if (existing !== undefined) {
    return {
      seq,
      kind: 'complete',
      note: `already provisioned in ${env.erpSystem} as ${existing}`,
      upserts: [{ kind: 'project', id: project.id, data: project }],
    };
  }
  const readiness = checkProjectReadiness(project, env.legalEntities);
  if (!readiness.ready) {
    return {
      seq,
      kind: 'reject',
      reasonCode: 'readiness.project_incomplete',
      reason: describeReadinessProblems(project.id, readiness.problems),
      detail: { projectId: project.id, missing: readiness.problems },
    };
  }
  const command: ProvisionProject = {
    kind: 'provisionProject',
    idempotencyKey: `${project.id}/provision`,
    project: readiness.project,
  };
  const record = { kind: 'project', id: project.id, data: readiness.project } as const;
  ctx.remember(record);
  return {
    seq,
    kind: 'deliver',
    upserts: [record],
    deliveries: [
      commandDelivery(env.erpSystem, 'provisionProject', 'master', project.id, command.idempotencyKey, [
        command,
      ]),
    ],
  };
}
