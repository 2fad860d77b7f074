// A project's task tree arrives whole; before it is kept it must be a tree of that project: every task
// of the project, ids unique, each parent listed before its children (so no cycles).
import type { TaskPlan } from '../contracts/index.ts';

export function taskPlanProblems(plan: TaskPlan): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const task of plan.tasks) {
    if (task.projectId !== plan.projectId)
      problems.push(`task ${task.id} belongs to ${task.projectId}, not ${plan.projectId}`);
    if (seen.has(task.id)) problems.push(`task ${task.id} is listed twice`);
    if (task.parentTaskId !== undefined && !seen.has(task.parentTaskId))
      problems.push(`task ${task.id} comes before its parent ${task.parentTaskId}, or the parent is missing`);
    seen.add(task.id);
  }
  return problems;
}
