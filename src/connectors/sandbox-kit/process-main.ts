// Runs a sandbox in its own process: its credential (--api-key K, or the sandbox's own, e.g.
// --webhook-secret S) [--port N] [--host H] plus one option of the sandbox's own. Prints one JSON line {"url": "..."} once listening; SIGTERM/SIGINT close it. Bad arguments exit 2
// with a usage message.
import { parseArgs } from 'node:util';

export interface ProcessArgs {
  /** The value of the credential option (--api-key unless the sandbox names another). */
  readonly credential: string;
  readonly port: number;
  readonly host: string | undefined;
  /** The value of the sandbox's own option, when given. */
  readonly extra: string | undefined;
}

export interface SandboxProcessSpec {
  /** Names the sandbox on stderr, e.g. "sandbox-erp". */
  readonly name: string;
  /** The sandbox's own option and its placeholder in the usage line, e.g. ["state-file", "F"]. */
  readonly option: readonly [name: string, placeholder: string];
  /** The required credential option and its placeholder; default ["api-key", "K"]. */
  readonly credential?: readonly [name: string, placeholder: string];
  /** Starts the sandbox; it must close cleanly (writing any state) when asked. */
  start(args: ProcessArgs): Promise<{ readonly url: string; close(): Promise<void> }>;
  /** Whether `start` refusing its options with a RangeError is a usage error (exit 2) or a crash. */
  readonly rangeErrorIsUsage?: boolean;
}

export async function runSandboxProcess(spec: SandboxProcessSpec): Promise<void> {
  const [optionName, placeholder] = spec.option;
  const [credentialName, credentialPlaceholder] = spec.credential ?? ['api-key', 'K'];
  function usage(message: string): never {
    process.stderr.write(
      `${message}\nusage: process-main.ts --${credentialName} ${credentialPlaceholder} [--port N] [--host H] [--${optionName} ${placeholder}]\n`,
    );
    process.exit(2);
  }

  let values: Partial<Record<string, string>>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        [credentialName]: { type: 'string' },
        [optionName]: { type: 'string' },
      },
      strict: true,
    }) as { values: Partial<Record<string, string>> });
  } catch (e) {
    usage((e as Error).message);
  }

  const credential = values[credentialName];
  if (!credential) usage(`--${credentialName} is required`);
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    usage('--port must be an integer from 0 to 65535');

  let sandbox: Awaited<ReturnType<SandboxProcessSpec['start']>>;
  try {
    sandbox = await spec.start({ credential, port, host: values.host, extra: values[optionName] });
  } catch (error) {
    if (!(spec.rangeErrorIsUsage === true && error instanceof RangeError)) throw error;
    usage(error.message);
  }
  process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${spec.name}: failed to stop cleanly on ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
