// Builds each configured system's connector. This is the only place that knows every connector kind.
import type { Config } from '../config/schema.ts';
import { resolveSecret } from '../config/load-config.ts';
import { createSandboxErpConnector, type SandboxErpConnector } from '../connectors/sandbox-erp/connector.ts';
import { createSandboxPsaConnector, type SandboxPsaConnector } from '../connectors/sandbox-psa/connector.ts';

export interface BuiltConnectors {
  readonly sources: {
    readonly connector: SandboxPsaConnector;
    readonly poll?: { pageSize: number; intervalMs: number };
  }[];
  readonly erp: SandboxErpConnector;
}

export function buildConnectors(config: Config, env: NodeJS.ProcessEnv): BuiltConnectors {
  const sources = config.systems.psa.map((system) => {
    const connector = createSandboxPsaConnector({
      system: system.id,
      baseUrl: system.baseUrl,
      webhookSecret: resolveSecret(system.webhookSecret, `systems.psa[${system.id}].webhookSecret`, env),
    });
    return system.poll
      ? { connector, poll: { pageSize: system.poll.pageSize, intervalMs: system.poll.intervalMs } }
      : { connector };
  });
  const { erp } = config.systems;
  return {
    sources,
    erp: createSandboxErpConnector({
      system: erp.id,
      baseUrl: erp.baseUrl,
      apiKey: resolveSecret(erp.apiKey, `systems.erp[${erp.id}].apiKey`, env),
      maxBatch: config.delivery?.batchSize ?? 500,
    }),
  };
}
