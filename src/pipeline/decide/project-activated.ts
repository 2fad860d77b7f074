import type { EventOf } from '../../contracts/index.ts';
import type { ProvisionProject } from '../../connectors/kit/commands.ts';
import { checkProjectReadiness, describeReadinessProblems } from '../../domain/readiness.ts';
import type { Decision } from '../../store/port.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';

/** A ready project is provisioned in the ERP once; an incomplete one is rejected naming every gap. */
export function decideProjectActivated(
  seq: number,
  event: EventOf<'ProjectActivated'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const project = event.data;
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
