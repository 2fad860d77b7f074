// Shared by this folder's tests: a real sandbox ERP on an ephemeral port with a connector to it, and
// canonical commands with literal, hand-checked amounts.
import assert from 'node:assert/strict';
import type { PostBillableLine, PostCost, ProvisionProject } from '../kit/commands.ts';
import { createSandboxErpConnector } from './connector.ts';
import type { SandboxErpConnector, SandboxErpConnectorOptions } from './connector.ts';
import type { PushResult } from '../kit/connector.ts';
import { startSandboxErp } from './server.ts';
import type { SandboxErp } from './server.ts';

export const API_KEY = 'test-key-0123456789';

export interface Harness {
  readonly erp: SandboxErp;
  readonly connector: SandboxErpConnector;
  connect(options?: Partial<SandboxErpConnectorOptions>): SandboxErpConnector;
  /** Raw HTTP call with the API key; the body is JSON-encoded unless it is already a string. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const erp = await startSandboxErp({ apiKey: API_KEY });
  const connectors: SandboxErpConnector[] = [];
  const connect = (options: Partial<SandboxErpConnectorOptions> = {}) => {
    const connector = createSandboxErpConnector({
      system: 'sandbox-erp',
      baseUrl: erp.url,
      apiKey: API_KEY,
      ...options,
    });
    connectors.push(connector);
    return connector;
  };
  return {
    erp,
    connector: connect(),
    connect,
    call: (method, path, body, headers = {}) =>
      fetch(`${erp.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    async close() {
      await Promise.all(connectors.map((c) => c.close()));
      await erp.close();
    },
  };
}

export function provisionProject(
  code: string,
  overrides: Partial<ProvisionProject['project']> = {},
  idempotencyKey = `provision:${code}`,
): ProvisionProject {
  return {
    kind: 'provisionProject',
    idempotencyKey,
    project: {
      id: `project:sandbox-psa:${code}`,
      code,
      name: `Project ${code}`,
      customerId: 'customer:sandbox-psa:C-1',
      legalEntityId: 'LL-UK',
      currency: 'GBP',
      taxTreatment: 'standard',
      billingModel: 'time-and-materials',
      ...overrides,
    },
  };
}

/** 7.5 h x 133.33 GBP = 999.975, booked 999.98 (half-up). */
export function billableLine(
  entry: string,
  projectExternalId: string,
  overrides: Partial<PostBillableLine> = {},
): PostBillableLine {
  return {
    kind: 'postBillableLine',
    idempotencyKey: `bill:${entry}`,
    timeEntryId: `time-entry:sandbox-psa:${entry}`,
    projectId: 'project:sandbox-psa:P',
    projectExternalId,
    resourceId: 'resource:sandbox-psa:R-1',
    workDate: '2026-03-02',
    hours: '7.5',
    rate: { amount: '133.33', currency: 'GBP' },
    amount: { amount: '999.98', currency: 'GBP' },
    description: 'Discovery workshop',
    ...overrides,
  };
}

/** 0.25 h x 62.50 GBP = 15.625, booked 15.63 (half-up). */
export function costPosting(
  entry: string,
  projectExternalId: string,
  overrides: Partial<PostCost> = {},
): PostCost {
  return {
    kind: 'postCost',
    idempotencyKey: `cost:${entry}`,
    timeEntryId: `time-entry:sandbox-psa:${entry}`,
    projectId: 'project:sandbox-psa:P',
    projectExternalId,
    resourceId: 'resource:sandbox-psa:R-1',
    workDate: '2026-03-02',
    hours: '0.25',
    costRate: { amount: '62.50', currency: 'GBP' },
    amount: { amount: '15.63', currency: 'GBP' },
    ...overrides,
  };
}

/** The external id of an `ok` result; fails the test with the whole result otherwise. */
export function okId(result: PushResult | undefined): string {
  assert.ok(result?.outcome === 'ok', `expected ok, got ${JSON.stringify(result)}`);
  return result.externalId;
}

/** Provisions a project through the connector and returns its ERP id. */
export async function provisioned(
  connector: SandboxErpConnector,
  code: string,
  overrides: Partial<ProvisionProject['project']> = {},
): Promise<string> {
  const [result] = await connector.push([provisionProject(code, overrides)]);
  return okId(result);
}
