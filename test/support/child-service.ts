// Runs `ledgerline serve` (or `worker`) as a child process, as an operator would, so a test can kill it
// outright.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Config } from '../../src/config/schema.ts';

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const cliPath = join(repoRoot, 'bin', 'ledgerline.js');

export interface ChildService {
  /** The API's base URL; empty for a worker. */
  readonly url: string;
  readonly process: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function writeConfig(dir: string, config: Config): string {
  const file = join(dir, 'ledgerline.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

export async function startChildService(
  configFile: string,
  env: NodeJS.ProcessEnv,
  extraArgs: readonly string[] = [],
): Promise<ChildService> {
  return startChild(['serve', '--config', configFile, ...extraArgs], env, /serving on (http:\/\/\S+)/);
}

/** `ledgerline worker` as a child process; resolves once it says it is running. */
export function startChildWorker(
  configFile: string,
  env: NodeJS.ProcessEnv,
  id: string,
): Promise<ChildService> {
  return startChild(['worker', '--config', configFile, '--id', id], env, /(worker running)/);
}

async function startChild(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<ChildService> {
  const child = spawn(process.execPath, [cliPath, ...args, '--log-level', 'warn'], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const matched = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    // Generous: under CI the machine's two cores are shared with another test file and its servers.
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start in 60 s: ${stderr}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = ready.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}: ${stderr}`));
    });
  });
  return {
    url: matched.startsWith('http') ? matched : '',
    process: child,
    stderr: () => stderr,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      if (signal === 'SIGKILL') return exited;
      // A process that does not stop on SIGTERM is a defect to report, but not one to leave running.
      let timer: NodeJS.Timeout | undefined;
      const overdue = new Promise<'overdue'>(
        (resolve) => (timer = setTimeout(() => resolve('overdue'), 30_000)),
      );
      const outcome = await Promise.race([exited, overdue]);
      clearTimeout(timer);
      if (outcome !== 'overdue') return outcome;
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${args[0]} did not stop within 30 s of ${signal}: ${stderr.slice(-2000)}`);
    },
  };
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `ledgerline` CLI to completion. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ledgerline ${args.join(' ')} ran over ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
