import type { EventOf } from '../../contracts/index.ts';
import { taskPlanProblems } from '../../domain/task-plan.ts';
import type { Decision } from '../../store/port.ts';
import type { BatchContext, DecideEnvironment } from './context.ts';
import { governanceRefusal } from './governed.ts';

/**
 * A project's task tree is kept whole as master data (the latest one wins: plans of a project follow
 * each other in one queue, in order). A tree that is not a tree of the project is refused, naming why.
 * No target takes task plans yet: the sandbox ERP has no work breakdown.
 */
export function decideTaskPlanChanged(
  seq: number,
  event: EventOf<'TaskPlanChanged'>,
  ctx: BatchContext,
  env: DecideEnvironment,
): Decision {
  const plan = event.data;
  const refused = governanceRefusal(seq, event, 'task', plan.projectId, ['tasks'], env);
  if (refused) return refused;
  const problems = taskPlanProblems(plan);
  if (problems.length > 0)
    return {
      seq,
      kind: 'reject',
      reasonCode: 'task_plan.invalid',
      reason: `The task plan of ${plan.projectId} is not a tree of the project: ${problems.join('; ')}.`,
      detail: { projectId: plan.projectId, problems },
    };
  const record = { kind: 'task-plan', id: plan.projectId, data: plan } as const;
  ctx.remember(record);
  return {
    seq,
    kind: 'complete',
    note: `task plan of ${plan.tasks.length} task(s) recorded`,
    upserts: [record],
  };
}
