// Runs the sandbox PSA in its own process (benchmarks, crash tests):
//   tsx src/connectors/sandbox-psa/process-main.ts --webhook-secret whsec_... [--port N] [--host H]
//     [--state-file F]
// Prints one JSON line {"url": "..."} once listening; SIGTERM/SIGINT close it (writing the state file).
// Bad arguments, a malformed secret included, exit 2 with a usage message.
import { runSandboxProcess } from '../sandbox-kit/process-main.ts';
import { startSandboxPsa } from './server.ts';

await runSandboxProcess({
  name: 'sandbox-psa',
  // The PSA has no API key: what it needs is the secret it signs its webhooks with.
  credential: ['webhook-secret', 'whsec_...'],
  option: ['state-file', 'F'],
  // The secret is checked before anything starts: a malformed one is the caller's mistake.
  rangeErrorIsUsage: true,
  start: ({ credential: webhookSecret, port, host, extra: stateFile }) =>
    startSandboxPsa({
      webhookSecret,
      port,
      ...(host === undefined ? {} : { host }),
      ...(stateFile === undefined ? {} : { stateFile }),
    }),
});
