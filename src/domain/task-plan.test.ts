import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskPlan } from '../contracts/index.ts';
import { taskPlanProblems } from './task-plan.ts';

const projectId = 'project:sandbox-psa:P-1';
const task = (id: string, parentTaskId?: string, project = projectId) => ({
  id: `task:sandbox-psa:${id}`,
  projectId: project,
  ...(parentTaskId === undefined ? {} : { parentTaskId: `task:sandbox-psa:${parentTaskId}` }),
  name: `Task ${id}`,
  plannedHours: '10',
  billable: true,
});

describe('task plans', () => {
  it('accepts a tree whose parents come first', () => {
    const plan: TaskPlan = { projectId, tasks: [task('T-1'), task('T-2', 'T-1'), task('T-3', 'T-2')] };
    assert.deepEqual(taskPlanProblems(plan), []);
    assert.deepEqual(taskPlanProblems({ projectId, tasks: [] }), []);
  });

  it('names a child before its parent, a missing parent, a repeated id and a task of another project', () => {
    const plan: TaskPlan = {
      projectId,
      tasks: [
        task('T-2', 'T-1'),
        task('T-1'),
        task('T-1'),
        task('T-4', 'T-9'),
        task('T-5', undefined, 'project:x:P-2'),
      ],
    };
    assert.deepEqual(taskPlanProblems(plan), [
      'task task:sandbox-psa:T-2 comes before its parent task:sandbox-psa:T-1, or the parent is missing',
      'task task:sandbox-psa:T-1 is listed twice',
      'task task:sandbox-psa:T-4 comes before its parent task:sandbox-psa:T-9, or the parent is missing',
      'task task:sandbox-psa:T-5 belongs to project:x:P-2, not project:sandbox-psa:P-1',
    ]);
  });
});
