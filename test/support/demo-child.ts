// `ledgerline demo --stay` as a child process, as a person starts it: resolves once the run is checked and
// the console is ready, with the URLs the demo printed.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cliPath } from './child-service.ts';

export interface DemoChild {
  readonly consoleUrl: string;
  readonly erpUrl: string;
  /** The admin API key the staying demo prints (it runs with authentication on). */
  readonly consoleKey: string | undefined;
  readonly stdout: () => string;
  readonly stderr: () => string;
  stop(): Promise<number | null>;
}

export async function startDemo(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<DemoChild> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [cliPath, 'demo', '--port', '0', '--stay', '--log-level', 'warn', ...args],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const urls = await new Promise<{ consoleUrl: string; erpUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo was not ready within ${timeoutMs} ms:\n${stderr.slice(-3000)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /console ready: (http:\/\/\S+?)\/?\n/.exec(stdout);
      const erp = /sandbox ERP (http:\/\/\S+)/.exec(stdout);
      if (ready?.[1] && erp?.[1]) {
        clearTimeout(timer);
        resolve({ consoleUrl: ready[1], erpUrl: erp[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code} before it was ready:\n${stderr.slice(-3000)}`));
    });
  });
  return {
    ...urls,
    consoleKey: /admin API key[^:\n]*: (llk_\S+)/.exec(stdout)?.[1],
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGINT');
      return exited;
    },
  };
}
