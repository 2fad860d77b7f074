// Runs the sandbox ERP in its own process (benchmarks, crash tests):
//   tsx src/connectors/sandbox-erp/process-main.ts --port 0 --api-key K [--state-file F] [--host H]
// Prints one JSON line {"url": "..."} once listening; SIGTERM/SIGINT close it (writing the state file).
import { parseArgs } from 'node:util';
import { startSandboxErp } from './server.ts';

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: process-main.ts --api-key K [--port N] [--host H] [--state-file F]\n`,
  );
  process.exit(2);
}

let values: { port?: string; host?: string; 'api-key'?: string; 'state-file'?: string };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      'state-file': { type: 'string' },
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
const stateFile = values['state-file'];

const erp = await startSandboxErp({
  apiKey,
  port,
  ...(values.host === undefined ? {} : { host: values.host }),
  ...(stateFile === undefined ? {} : { stateFile }),
});
process.stdout.write(`${JSON.stringify({ url: erp.url })}\n`);

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  erp.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`sandbox-erp: failed to stop cleanly on ${signal}: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
