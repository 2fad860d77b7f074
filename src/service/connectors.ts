// Builds each configured system's connector. This is the only place that knows every connector kind.
import type { Config } from '../config/schema.ts';
import { resolveSecret } from '../config/load-config.ts';
import type { SourceConnector } from '../connectors/kit/connector.ts';
import { createSandboxCrmConnector } from '../connectors/sandbox-crm/connector.ts';
import { createSandboxErpConnector, type SandboxErpConnector } from '../connectors/sandbox-erp/connector.ts';
import { createSandboxPsaConnector, type SandboxPsaConnector } from '../connectors/sandbox-psa/connector.ts';

export interface BuiltSource {
  readonly connector: SourceConnector & { close(): Promise<void> };
  readonly poll?: { pageSize: number; intervalMs: number };
}

export interface BuiltConnectors {
  readonly sources: BuiltSource[];
  readonly erp: SandboxErpConnector;
  /** PSAs also take commands: customers, delivery projects, invoice and payment status. */
  readonly psaTargets: SandboxPsaConnector[];
}

function withPoll(
  connector: BuiltSource['connector'],
  poll: { pageSize: number; intervalMs: number } | undefined,
): BuiltSource {
  return poll ? { connector, poll: { pageSize: poll.pageSize, intervalMs: poll.intervalMs } } : { connector };
}

export function buildConnectors(config: Config, env: NodeJS.ProcessEnv): BuiltConnectors {
  const psaConnectors = config.systems.psa.map((system) =>
    createSandboxPsaConnector({
      system: system.id,
      baseUrl: system.baseUrl,
      webhookSecret: resolveSecret(system.webhookSecret, `systems.psa[${system.id}].webhookSecret`, env),
    }),
  );
  const psas = psaConnectors.map((connector, i) => withPoll(connector, config.systems.psa[i]?.poll));
  const crms = (config.systems.crm ?? []).map((system) =>
    withPoll(
      createSandboxCrmConnector({
        system: system.id,
        baseUrl: system.baseUrl,
        apiKey: resolveSecret(system.apiKey, `systems.crm[${system.id}].apiKey`, env),
        ...(system.webhookSecret === undefined
          ? {}
          : {
              webhookSecret: resolveSecret(
                system.webhookSecret,
                `systems.crm[${system.id}].webhookSecret`,
                env,
              ),
            }),
      }),
      system.poll,
    ),
  );
  const { erp } = config.systems;
  const erpConnector = createSandboxErpConnector({
    system: erp.id,
    baseUrl: erp.baseUrl,
    apiKey: resolveSecret(erp.apiKey, `systems.erp[${erp.id}].apiKey`, env),
    maxBatch: config.delivery?.batchSize ?? 500,
  });
  // The ERP is a target always, and a source (customers, invoices, payments) when its feed is polled.
  const erpSource = erp.poll ? [withPoll(erpConnector, erp.poll)] : [];
  return { sources: [...psas, ...crms, ...erpSource], erp: erpConnector, psaTargets: psaConnectors };
}
