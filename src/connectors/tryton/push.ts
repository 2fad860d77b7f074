// push: commands in order, one result each. Consecutive time postings form one batched run
// (apply-time.ts); every other command goes alone. Once a command must be retried, later ones are not
// sent and answer the same retry, so nothing overtakes it (a withdrawal must not pass its posting).
import type { TargetCommand } from '../kit/commands.ts';
import type { PushResult } from '../kit/connector.ts';
import { applyTime, type TimeCommand } from './apply-time.ts';
import { closeProject, provisionProject } from './projects.ts';
import { failureOf, fromFailure, reject } from './results.ts';
import type { Books } from './setup.ts';
import { withdrawPostedTime } from './withdraw.ts';

type Retry = Extract<PushResult, { outcome: 'retry' }>;

const isTime = (c: TargetCommand): c is TimeCommand =>
  c.kind === 'postBillableLine' || c.kind === 'postCost' || c.kind === 'revisePostedTime';

/**
 * The commands from `start` that can share a run: a revision runs with nothing else for its entry, and
 * an entry has at most one billable and one cost posting in a run.
 */
function runFrom(commands: readonly TargetCommand[], start: number): TimeCommand[] {
  const run: TimeCommand[] = [];
  const entries = new Set<string>();
  const postings = new Set<string>();
  for (let i = start; i < commands.length; i++) {
    const command = commands[i];
    if (command === undefined || !isTime(command)) break;
    const entry = command.timeEntryId;
    if (command.kind === 'revisePostedTime') {
      if (entries.has(entry)) break;
      postings.add(`${entry}|revise`);
    } else {
      const key = `${entry}|${command.kind}`;
      if (postings.has(key) || postings.has(`${entry}|revise`)) break;
      postings.add(key);
    }
    entries.add(entry);
    run.push(command);
  }
  return run;
}

async function one(books: Books, command: TargetCommand): Promise<PushResult> {
  switch (command.kind) {
    case 'provisionProject':
      return provisionProject(books, command);
    case 'withdrawPostedTime':
      return withdrawPostedTime(books, command);
    case 'closeProject':
      return closeProject(books, command);
    default:
      return reject(
        'erp.unsupported_command',
        `the Tryton connector does not carry out ${command.kind} commands (see src/connectors/tryton/README.md)`,
      );
  }
}

export async function pushCommands(books: Books, commands: readonly TargetCommand[]): Promise<PushResult[]> {
  const results: PushResult[] = [];
  let halt: Retry | undefined;
  let i = 0;
  while (i < commands.length) {
    const command = commands[i];
    if (command === undefined) break;
    if (halt !== undefined) {
      results.push({
        ...halt,
        message: `not sent after an earlier command must be retried: ${halt.message}`,
      });
      i += 1;
      continue;
    }
    const batch: PushResult[] = [];
    if (isTime(command)) {
      const run = runFrom(commands, i);
      batch.push(...(await applyTime(books, run)));
      i += run.length;
    } else {
      try {
        batch.push(await one(books, command));
      } catch (error) {
        batch.push(fromFailure(failureOf(error)));
      }
      i += 1;
    }
    results.push(...batch);
    halt = batch.find((r): r is Retry => r.outcome === 'retry');
  }
  return results;
}
