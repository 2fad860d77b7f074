// Starts the sandbox ERP: a real HTTP server with the vendor's own API, switchable faults and an
// exact report, used by tests, demos and benchmarks in place of a real finance system.
import Fastify from 'fastify';
import type { CompanyConfig } from './companies.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { createErpAdmin } from './erp-admin.ts';
import type { ReferenceKind } from './reference-admin.ts';
import { ErpState } from './erp-state.ts';
import type { FaultConfig } from './fault-config.ts';
import { FaultInjector } from './fault-injector.ts';
import { installHttpEdge } from './http-edge.ts';
import { registerQueryRoutes } from './query-routes.ts';
import { registerReceivablesRoutes } from './receivables-routes.ts';
import type { ErpReport } from './report.ts';
import type { ServerContext } from './server-context.ts';
import { loadStateFile, StateFileWriter } from './state-file.ts';
import { registerWriteRoutes } from './write-routes.ts';

export type { CompanyConfig } from './companies.ts';
export type { FaultConfig } from './fault-config.ts';
export type { ErpReport } from './report.ts';

export interface SandboxErpOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Defaults to 127.0.0.1. */
  readonly host?: string;
  readonly apiKey: string;
  /**
   * When set, state is loaded from this JSON file (and its `.journal` of later changes) at start, changes
   * are appended to the journal shortly after they happen, and a compact snapshot is written on close.
   */
  readonly stateFile?: string;
}

export interface SandboxErp {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Stops accepting requests, then writes the state file (if any). */
  close(): Promise<void>;
  report(): ErpReport;
  faults(): FaultConfig;
  /** Replaces every fault setting; `{}` switches faults off. Throws RangeError on an invalid setting. */
  setFaults(faults: FaultConfig): void;
  configureCompany(config: CompanyConfig): void;
  /** Throws RangeError when the company does not exist. */
  enableTaxCode(company: string, taxCode: string): void;
  /** Publishes dated reference data on the change feed (see ErpAdmin); throws RangeError when invalid. */
  publishReference(kind: ReferenceKind, body: unknown): void;
  reset(): void;
  /** Writes the state file now (no-op without one). */
  flush(): Promise<void>;
}

/** Operations of up to 1000 x ~1 KB descriptions, with room to spare. */
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

function urlOf(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

export async function startSandboxErp(options: SandboxErpOptions): Promise<SandboxErp> {
  if (options.apiKey.length === 0) throw new RangeError('apiKey must not be empty');
  const loaded = options.stateFile === undefined ? undefined : await loadStateFile(options.stateFile);
  let writer: StateFileWriter | undefined;
  const context: ServerContext = {
    state: loaded?.state ?? ErpState.withCompanies(),
    faults: new FaultInjector(),
    keysInFlight: new Set(),
    changed: () => writer?.changed(),
  };
  if (options.stateFile !== undefined) {
    writer = new StateFileWriter(
      options.stateFile,
      () => context.state,
      (error) => console.error('sandbox-erp: writing the state file failed', error),
      loaded,
    );
    // Start from one snapshot, so that new journal lines never follow a torn one.
    if (loaded?.fromJournal) await writer.compact();
  }
  const admin = createErpAdmin(context);

  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, return503OnClosing: true });
  installHttpEdge(app, context, options.apiKey);
  registerWriteRoutes(app, context);
  registerQueryRoutes(app, context);
  registerAdminRoutes(app, admin);
  registerReceivablesRoutes(app, context, admin);
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('sandbox-erp: not listening on TCP');

  let closing: Promise<void> | undefined;
  return {
    url: urlOf(address.address, address.port),
    close() {
      closing ??= app.close().then(() => writer?.close());
      return closing;
    },
    report: () => admin.report(),
    faults: () => admin.faults(),
    setFaults: (faults) => admin.setFaults(faults),
    configureCompany: (config) => admin.configureCompany(config),
    enableTaxCode(company, taxCode) {
      if (!admin.enableTaxCode(company, taxCode))
        throw new RangeError(`company "${company}" is not configured`);
    },
    publishReference(kind, body) {
      const published = admin.publishReference(kind, body);
      if (!published.ok) throw new RangeError(published.error.message);
    },
    reset: () => admin.reset(),
    flush: async () => writer?.flush(),
  };
}
