// Secrets never leak (issue 8): a whole `ledgerline serve` run as a child process at log level debug,
// with faults (a bad and a replayed webhook, an ERP outage that dead-letters postings, a refused project,
// a 401 from the ERP met by the CLI), trace export to a local OTLP collector, GET /metrics, every GET of
// the admin API the console reads, the OpenAPI document and CLI output (dlq list, audit verify,
// reconcile customers). Everything captured is searched for every secret value, raw, base64 and hex,
// and for the webhook secrets their key bytes as well. test/ops/log-redaction.test.ts checks the
// logger's own scrubbing (mistakes logged through it); this one checks every channel a secret could leave by.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../src/config/schema.ts';
import { startSandboxErp, type SandboxErp } from '../../src/connectors/sandbox-erp/server.ts';
import { startSandboxPsa, type SandboxPsa } from '../../src/connectors/sandbox-psa/server.ts';
import { generateFirm } from '../../src/connectors/sandbox-psa/generate-firm.ts';
import { signedWebhook } from '../../src/connectors/sandbox-kit/test-support/signed-webhook.ts';
import { startOtlpReceiver, type OtlpReceiver } from '../ops/otlp-receiver.ts';
import { cliPath, runCli, writeConfig } from '../support/child-service.ts';
import { testConfig } from '../support/harness.ts';
import { projectActivated, readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { waitFor } from '../support/wait.ts';

const whsec = () => `whsec_${randomBytes(24).toString('base64')}`;
const secrets = {
  psaWebhook: whsec(),
  /** Listed beside the PSA's secret, as during a rotation. */
  psaWebhookNext: whsec(),
  erpKey: randomBytes(16).toString('hex'),
  wrongErpKey: `wrong-${randomBytes(12).toString('hex')}`,
  collectorKey: `collector-${randomBytes(12).toString('hex')}`,
};

/** Each secret as it could leave: raw, base64, hex, and a webhook secret's key bytes in both. */
function forms(secret: string): string[] {
  const raw = Buffer.from(secret, 'utf8');
  const out = [secret, raw.toString('base64'), raw.toString('hex')];
  const key = /^whsec_(.+)$/.exec(secret)?.[1];
  if (key !== undefined) out.push(key, Buffer.from(key, 'base64').toString('hex'));
  return out;
}

describe('secrets never leak', () => {
  let dir: string;
  let psa: SandboxPsa;
  let erp: SandboxErp;
  let otlp: OtlpReceiver;
  let child: ChildProcessWithoutNullStreams | undefined;
  let config: Config;
  let configFile: string;
  let wrongKeyConfigFile: string;
  let url = '';
  let captured = '';
  const capture = (label: string, text: string) => {
    captured += `\n--- ${label}\n${text}`;
  };
  const env = {
    LEAK_PSA_SECRET: secrets.psaWebhook,
    LEAK_PSA_SECRET_NEXT: secrets.psaWebhookNext,
    LEAK_ERP_KEY: secrets.erpKey,
    LEAK_WRONG_ERP_KEY: secrets.wrongErpKey,
    LEAK_OTLP_KEY: secrets.collectorKey,
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-leak-'));
    psa = await startSandboxPsa({ webhookSecret: secrets.psaWebhook });
    erp = await startSandboxErp({ apiKey: secrets.erpKey });
    otlp = await startOtlpReceiver();
    const base = testConfig({
      dir,
      psaUrl: psa.url,
      erpUrl: erp.url,
      secretEnv: { psa: 'LEAK_PSA_SECRET', erp: 'LEAK_ERP_KEY' },
      poll: true,
      erpPoll: true,
      delivery: { batchSize: 50, concurrency: 2, maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
    });
    const [psaSystem] = base.systems.psa;
    assert.equal(psaSystem?.connector, 'sandbox-psa');
    config = {
      ...base,
      systems: {
        ...base.systems,
        psa: [{ ...psaSystem, webhookSecret: [{ env: 'LEAK_PSA_SECRET' }, { env: 'LEAK_PSA_SECRET_NEXT' }] }],
      },
      telemetry: { otlp: { endpoint: otlp.endpoint, headers: { authorization: { env: 'LEAK_OTLP_KEY' } } } },
    };
    // The same systems and store, with a key the ERP does not take (writeConfig names its file).
    const wrong = {
      ...config.systems.erp,
      apiKey: { env: 'LEAK_WRONG_ERP_KEY' },
    } as Config['systems']['erp'];
    wrongKeyConfigFile = join(dir, 'wrong-key.yaml');
    renameSync(
      writeConfig(dir, { ...config, systems: { ...config.systems, erp: wrong } }),
      wrongKeyConfigFile,
    );
    configFile = writeConfig(dir, config);

    child = spawn(process.execPath, [cliPath, 'serve', '--config', configFile, '--log-level', 'debug'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => capture('serve stdout', c.toString()));
    child.stderr.on('data', (c: Buffer) => capture('serve stderr', c.toString()));
    await waitFor('serve to start', () => /serving on (http:\/\/\S+)/.test(captured), 60_000);
    url = /serving on (http:\/\/\S+)/.exec(captured)?.[1] ?? '';
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await psa.close();
    await erp.close();
    await otlp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const http = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    capture(`${method} ${path} ${response.status} ${JSON.stringify([...response.headers])}`, text);
    return { status: response.status, text };
  };

  it('runs with faults and lets no secret out of any output', async () => {
    // Webhooks signed with the secret, and the polled feed.
    psa.subscribeWebhook(`${url}/v1/webhooks/sandbox-psa`);
    psa.seed(
      generateFirm({
        seed: 5,
        projects: 2,
        consultants: 3,
        entries: 10,
        incompleteProjects: 1,
        lateProjects: 0,
        currencies: ['GBP'],
      }),
    );
    await psa.deliveriesSettled();
    // A bad signature, a delivery signed with the next secret, and its exact replay.
    await http('POST', '/v1/webhooks/sandbox-psa', '{}', { 'webhook-signature': 'v1,bad' });
    const body = JSON.stringify({ activity: { id: 'act_leak' } });
    const next = signedWebhook(secrets.psaWebhookNext, 'act_leak', body);
    const headers = next.headers as Record<string, string>;
    await http('POST', '/v1/webhooks/sandbox-psa', body, headers);
    await http('POST', '/v1/webhooks/sandbox-psa', body, headers);
    // An ERP outage that dead-letters a posting, and a refused project.
    const project = readyProject('project:test-psa:LEAK-1');
    const resource = resourceUpdated('resource:test-psa:LEAK-1');
    await http('POST', '/v1/events', JSON.stringify([project, resource]));
    await waitFor('the project delivered', async () => {
      const r = await fetch(`${url}/v1/events/${encodeURIComponent(project.id)}?source=${project.source}`);
      return ((await r.json()) as { state?: string }).state === 'completed';
    });
    erp.setFaults({ serverErrors: { next: 1000, status: 503 } });
    await http(
      'POST',
      '/v1/events',
      JSON.stringify(timeApproved('time:test-psa:LEAK-1', project.data.id, resource.data.id)),
    );
    await http('POST', '/v1/events', JSON.stringify(projectActivated({ id: 'project:test-psa:LEAK-2' })));
    await waitFor('dead letters', async () => {
      const r = await fetch(`${url}/v1/dead-letters`);
      return ((await r.json()) as { items?: unknown[] }).items?.length !== 0;
    });
    erp.setFaults({});

    // What the console and an operator read.
    await http('GET', '/metrics');
    await http('GET', '/healthz');
    const doc = await http('GET', '/openapi.json');
    const paths = Object.entries(
      (JSON.parse(doc.text) as { paths: Record<string, Record<string, unknown>> }).paths,
    );
    for (const [path, methods] of paths) if ('get' in methods && !path.includes('{')) await http('GET', path);

    // The CLI: the dead-letter queue, the audit chain, and a 401 from the ERP (a wrong key configured).
    for (const args of [
      ['dlq', 'list', '--config', configFile],
      ['dlq', 'list', '--config', configFile, '--json'],
      ['audit', 'verify', '--config', configFile],
      ['reconcile', 'customers', '--config', configFile],
      ['reconcile', 'customers', '--config', wrongKeyConfigFile],
      ['reconcile', 'customers', '--config', wrongKeyConfigFile, '--json'],
    ]) {
      const result = await runCli(args, env);
      capture(`ledgerline ${args.join(' ')} exit ${result.code}`, `${result.stdout}\n${result.stderr}`);
    }
    assert.match(
      captured,
      /401|unauthori[sz]ed|refused our key/i,
      'the ERP refused the wrong key, and it was said',
    );

    // Traces: every exported span and its attributes (the exports' own headers carry the collector's key
    // to the collector, as configured, and are not output).
    await waitFor('spans exported', () => otlp.spans.length > 0, 30_000);
    capture('otlp spans', JSON.stringify(otlp.spans));

    // Stop the service so its last lines are in.
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGTERM');
    await exited;

    assert.ok(captured.length > 20_000, `a talkative run (${captured.length} characters captured)`);
    assert.match(captured, /"level":20/, 'debug lines were written');
    for (const [name, secret] of Object.entries(secrets))
      for (const form of forms(secret)) {
        const at = captured.indexOf(form);
        assert.equal(
          at,
          -1,
          `${name} left in ${captured.slice(Math.max(0, captured.lastIndexOf('\n---', at)), at).slice(0, 200)}`,
        );
      }
  });
});
