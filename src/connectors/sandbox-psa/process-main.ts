// Runs the sandbox PSA in its own process (benchmarks, crash tests):
//   tsx src/connectors/sandbox-psa/process-main.ts --webhook-secret whsec_... [--port N] [--host H]
//     [--state-file F]
// Prints one JSON line {"url": "..."} once listening; SIGTERM/SIGINT close it (writing the state file).
// Bad arguments, a malformed secret included, exit 2 with a usage message. The PSA has no API key, so
// the kit's runSandboxProcess (which requires one) does not fit; the shape of its stop is the same.
import { parseArgs } from 'node:util';
import { startSandboxPsa, type SandboxPsa } from './server.ts';

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: process-main.ts --webhook-secret whsec_... [--port N] [--host H] [--state-file F]\n`,
  );
  process.exit(2);
}

let values: Partial<Record<string, string>>;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'webhook-secret': { type: 'string' },
      'state-file': { type: 'string' },
    },
    strict: true,
  }) as { values: Partial<Record<string, string>> });
} catch (e) {
  usage((e as Error).message);
}

const webhookSecret = values['webhook-secret'];
if (!webhookSecret) usage('--webhook-secret is required');
const port = Number(values.port ?? '0');
if (!Number.isInteger(port) || port < 0 || port > 65_535) usage('--port must be an integer from 0 to 65535');

let psa: SandboxPsa;
try {
  const { host, 'state-file': stateFile } = values;
  psa = await startSandboxPsa({
    webhookSecret,
    port,
    ...(host === undefined ? {} : { host }),
    ...(stateFile === undefined ? {} : { stateFile }),
  });
} catch (error) {
  // The secret is checked before anything starts: a malformed one is the caller's mistake.
  if (!(error instanceof RangeError)) throw error;
  usage(error.message);
}
process.stdout.write(`${JSON.stringify({ url: psa.url })}\n`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  psa.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`sandbox-psa: failed to stop cleanly on ${signal}: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
