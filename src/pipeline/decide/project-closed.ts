import type { EventOf } from '../../contracts/index.ts';
import { projectLifecycle } from '../../domain/lifecycle/project.ts';
import { transition } from '../../domain/lifecycle/machine.ts';
import type { Decision } from '../../store/port.ts';
import type { CloseProject } from '../../connectors/kit/commands.ts';
import { commandDelivery } from '../command-payload.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';
import { awaitMaster, awaitProvisioned } from './waits.ts';

/**
 * A project closing moves its lifecycle (active or on hold -> closed); closing one that is not open is
 * refused, naming its state and what that state allows. The closure is recorded as master data and sent
 * to the ERP on the project's ordering key (it waits for a posting of the project in flight or retrying;
 * the ERP still takes late postings to a closed project). Until the ERP holds the project the closure
 * waits for ProjectProvisioned: a project activated and closed in one go (a short engagement, a backfill)
 * is still being provisioned, and completing the closure then would lose it for good.
 */
export function decideProjectClosed(
  seq: number,
  event: EventOf<'ProjectClosed'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const { projectId } = event.data;
  const refused = governanceRefusal(seq, event, 'project', projectId, ['status'], env);
  if (refused) return refused;
  const known = ctx.master('project', projectId);
  if (!known) return awaitMaster(seq, 'project', projectId, 'ProjectActivated');
  const moved = transition(projectLifecycle, known.data.status ?? 'active', 'close', projectId);
  if (!moved.ok)
    return {
      seq,
      kind: 'reject',
      reasonCode: moved.reasonCode,
      reason: moved.message,
      detail: { projectId, current: moved.current, allowed: moved.allowed },
    };
  const projectExternalId = ctx.externalId(projectId, env.erpSystem);
  if (projectExternalId === undefined) return awaitProvisioned(seq, projectId, env);
  const record = { kind: 'project', id: projectId, data: { ...known.data, status: moved.next } } as const;
  ctx.remember(record);
  const command: CloseProject = {
    kind: 'closeProject',
    idempotencyKey: `${projectId}/close`,
    projectId,
    projectExternalId,
    closedDate: event.data.closedDate,
  };
  return {
    seq,
    kind: 'deliver',
    upserts: [record],
    deliveries: [
      commandDelivery(env.erpSystem, 'closeProject', 'master', projectId, command.idempotencyKey, [command]),
    ],
  };
}
