// Runs the sandbox CRM in its own process (demos, crash tests):
//   tsx src/connectors/sandbox-crm/process-main.ts --port 0 --api-key K [--webhook-secret S] [--host H]
// Prints one JSON line {"url": "..."} once listening; SIGTERM/SIGINT close it.
import { parseArgs } from 'node:util';
import { startSandboxCrm, type SandboxCrm } from './server.ts';

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: process-main.ts --api-key K [--port N] [--host H] [--webhook-secret whsec_...]\n`,
  );
  process.exit(2);
}

let values: { port?: string; host?: string; 'api-key'?: string; 'webhook-secret'?: string };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      'webhook-secret': { type: 'string' },
    },
    strict: true,
  }));
} catch (e) {
  usage((e as Error).message);
}

const apiKey = values['api-key'];
if (!apiKey) usage('--api-key is required');
const port = Number(values.port ?? '0');
if (!Number.isInteger(port) || port < 0 || port > 65_535) usage('--port must be an integer from 0 to 65535');
const webhookSecret = values['webhook-secret'];

let crm: SandboxCrm;
try {
  crm = await startSandboxCrm({
    apiKey,
    port,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(webhookSecret === undefined ? {} : { webhookSecret }),
  });
} catch (error) {
  if (!(error instanceof RangeError)) throw error;
  usage(error.message);
}
process.stdout.write(`${JSON.stringify({ url: crm.url })}\n`);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  crm.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`sandbox-crm: failed to stop cleanly on ${signal}: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
