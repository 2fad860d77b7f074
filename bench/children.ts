// The benchmark runs Ledgerline and the sandboxes (the ERP; the PSA too in the mixed workload) as separate
// processes of the compiled build (dist/), as they would be deployed, so the two cores and the memory are
// shared the way they would be in production. `npm run bench` builds first.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../', import.meta.url).pathname;

export interface Child {
  readonly process: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Resolves with the first capture of `pattern` in the child's stdout; rejects if it exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 30 s:\n${seen}`)), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${seen}`));
    });
  });
}

function spawnCompiled(
  args: string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): { child: ChildProcess; output: () => string } {
  const entry = args[0] ?? '';
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run "npm run build" (npm run bench does)`);
  const profile = process.env['BENCH_CPU_PROF']
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`]
    : [];
  const child = spawn(process.execPath, [...profile, ...nodeArgs, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
  return { child, output: () => output };
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

export async function startErp(apiKey: string): Promise<Child & { url: string }> {
  const { child, output } = spawnCompiled(
    [join(root, 'dist/connectors/sandbox-erp/process-main.js'), '--port', '0', '--api-key', apiKey],
    {},
  );
  const url = await waitForLine(child, /"url":\s*"([^"]+)"/, 'sandbox ERP');
  return { url, process: child, output, stop: stopper(child) };
}

/** The sandbox PSA signs its webhooks with `webhookSecret`; Ledgerline's PSA system is configured with it. */
export async function startPsa(webhookSecret: string): Promise<Child & { url: string }> {
  const { child, output } = spawnCompiled(
    [
      join(root, 'dist/connectors/sandbox-psa/process-main.js'),
      '--port',
      '0',
      '--webhook-secret',
      webhookSecret,
    ],
    {},
  );
  const url = await waitForLine(child, /"url":\s*"([^"]+)"/, 'sandbox PSA');
  return { url, process: child, output, stop: stopper(child) };
}

/**
 * Node flags Ledgerline runs with here, as docs/performance.md recommends for a 256 MB budget: V8 grows
 * its heap lazily, far past the live set (about 60 MB), unless told its limit, and grows the young
 * generation under intake's allocation rate (a 4 MB semi-space keeps the 100k run about 20 MB lower).
 * BENCH_LEDGERLINE_NODE_ARGS replaces them ("" for none).
 */
export const ledgerlineNodeArgs = (
  process.env['BENCH_LEDGERLINE_NODE_ARGS'] ?? '--max-old-space-size=128 --max-semi-space-size=4'
)
  .split(' ')
  .filter(Boolean);

export type ServeRole = 'all' | 'api';

/**
 * `ledgerline serve`: the whole service (`all`, the only choice on SQLite) or the HTTP API and intake
 * alone (`api`, beside `ledgerline worker` processes on PostgreSQL).
 */
export async function startLedgerline(
  configFile: string,
  env: NodeJS.ProcessEnv,
  role: ServeRole = 'all',
): Promise<Child & { url: string }> {
  const { child, output } = spawnCompiled(
    [
      join(root, 'dist/cli/main.js'),
      'serve',
      '--config',
      configFile,
      ...(role === 'all' ? [] : ['--role', role]),
      '--log-level',
      'error',
    ],
    env,
    ledgerlineNodeArgs,
  );
  // The plain line on stdout, or the structured one ({"msg":"ledgerline is serving","url":...}).
  const url = await waitForLine(child, /(?:serving on |"url":\s*")(http:\/\/[^\s"]+)/, 'ledgerline serve');
  return { url, process: child, output, stop: stopper(child) };
}

/** `ledgerline worker`: processors and deliverers without HTTP, against the shared PostgreSQL store. */
export async function startWorker(configFile: string, env: NodeJS.ProcessEnv, id: string): Promise<Child> {
  const { child, output } = spawnCompiled(
    [join(root, 'dist/cli/main.js'), 'worker', '--config', configFile, '--id', id, '--log-level', 'error'],
    env,
    ledgerlineNodeArgs,
  );
  // The plain line on stdout, or the structured one ({"msg":"ledgerline worker is running"}).
  await waitForLine(
    child,
    /(Ledgerline worker running|"msg":\s*"ledgerline worker is running")/,
    `ledgerline worker ${id}`,
  );
  return { process: child, output, stop: stopper(child) };
}

/** Peak resident set size of a live process, from /proc (Linux). */
export function peakRssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a live process has used so far, in seconds, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}
