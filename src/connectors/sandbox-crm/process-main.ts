// Runs the sandbox CRM in its own process (demos, crash tests):
//   tsx src/connectors/sandbox-crm/process-main.ts --port 0 --api-key K [--webhook-secret S] [--host H]
// Prints one JSON line {"url": "..."} once listening; SIGTERM/SIGINT close it. A malformed webhook
// secret is a usage error.
import { runSandboxProcess } from '../sandbox-kit/process-main.ts';
import { startSandboxCrm } from './server.ts';

await runSandboxProcess({
  name: 'sandbox-crm',
  option: ['webhook-secret', 'whsec_...'],
  rangeErrorIsUsage: true,
  start: ({ credential: apiKey, port, host, extra: webhookSecret }) =>
    startSandboxCrm({
      apiKey,
      port,
      ...(host === undefined ? {} : { host }),
      ...(webhookSecret === undefined ? {} : { webhookSecret }),
    }),
});
