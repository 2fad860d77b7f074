// Runs the sandbox ERP in its own process (benchmarks, crash tests):
//   tsx src/connectors/sandbox-erp/process-main.ts --port 0 --api-key K [--state-file F] [--host H]
// Prints one JSON line {"url": "..."} once listening; SIGTERM/SIGINT close it (writing the state file).
import { runSandboxProcess } from '../sandbox-kit/process-main.ts';
import { startSandboxErp } from './server.ts';

await runSandboxProcess({
  name: 'sandbox-erp',
  option: ['state-file', 'F'],
  start: ({ credential: apiKey, port, host, extra: stateFile }) =>
    startSandboxErp({
      apiKey,
      port,
      ...(host === undefined ? {} : { host }),
      ...(stateFile === undefined ? {} : { stateFile }),
    }),
});
