// Ledgerline's processes for the soak run, from the compiled build (dist/) as deployed: one `serve` on
// SQLite, or on PostgreSQL one `serve --role api` and N `worker`s sharing the store. Small helpers are
// copied from ../children.ts (which serves `npm run bench`) rather than shared, so each can change alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ledgerlineNodeArgs, root, waitForLine } from '../children.ts';

export interface SoakProcess {
  /** `ledgerline` (SQLite), `api` or `worker-N` (PostgreSQL), `erp`. */
  readonly name: string;
  readonly process: ChildProcess;
  /** The last of its stderr (logs at level error), for a failure message. */
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Where the processes log: the level, and a directory to keep each one's log in (`NAME.log`). */
export interface LogSettings {
  readonly level: string;
  readonly dir?: string;
}

function spawnLedgerline(name: string, args: string[], logs: LogSettings): Omit<SoakProcess, 'stop'> {
  const entry = join(root, 'dist/cli/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [...ledgerlineNodeArgs, entry, ...args, '--log-level', logs.level], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  if (logs.dir !== undefined) child.stderr?.pipe(createWriteStream(join(logs.dir, `${name}.log`)));
  // Nothing reads stdout after start-up; keep its pipe drained.
  child.stdout?.resume();
  return { name, process: child, output: () => output };
}

export function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** `ledgerline serve` (role `all` on SQLite, `api` on PostgreSQL); resolves with its URL once it serves. */
export async function startServe(
  configFile: string,
  role: 'all' | 'api',
  logs: LogSettings,
): Promise<SoakProcess & { url: string }> {
  const started = spawnLedgerline(
    role === 'all' ? 'ledgerline' : 'api',
    ['serve', '--config', configFile, '--role', role],
    logs,
  );
  const url = await waitForLine(
    started.process,
    /serving on (http:\/\/\S+)/,
    `ledgerline serve --role ${role}`,
  );
  return { ...started, url, stop: stopper(started.process) };
}

/** `ledgerline worker --id soak-worker-N`; resolves once it runs. */
export async function startWorker(configFile: string, n: number, logs: LogSettings): Promise<SoakProcess> {
  const started = spawnLedgerline(
    `worker-${n}`,
    ['worker', '--config', configFile, '--id', `soak-worker-${n}`],
    logs,
  );
  await waitForLine(started.process, /(Ledgerline worker running)/, `ledgerline worker ${n}`);
  return { ...started, stop: stopper(started.process) };
}

/** Resident set size of a live process now (VmRSS), from /proc (Linux); undefined once it has gone. */
export function rssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time (user + system, seconds) used so far by every live process of the given command name, from
 * /proc (Linux): the PostgreSQL server's, which is part of the deployment. A backend that exits between two
 * readings takes its time with it, so it is a lower bound.
 */
export function cpuSecondsOfCommand(command: string): number | undefined {
  let total = 0;
  let found = false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== command) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
      found = true;
    } catch {
      // gone meanwhile
    }
  }
  return found ? total : undefined;
}
