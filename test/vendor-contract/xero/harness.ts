// A Xero Accounting organisation for a test: the token endpoint, the spec-driven API mock and a
// connector wired to both, its rotated refresh token kept in a temporary file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createXeroAccountingConnector,
  type XeroAccountingConnector,
  type XeroAccountingOptions,
} from '../../../src/connectors/xero-accounting/connector.ts';
import { startXeroAccountingMock, type XeroAccountingMock } from './accounting-mock.ts';
import { startIdentityServer, type IdentityServer } from './identity-server.ts';

export interface XeroOrg {
  readonly identity: IdentityServer;
  readonly mock: XeroAccountingMock;
  readonly tokenFile: string;
  readonly webhookKey: string;
  connector(overrides?: Partial<XeroAccountingOptions>): XeroAccountingConnector;
  close(): Promise<void>;
}

export async function startXeroOrg(): Promise<XeroOrg> {
  const identity = await startIdentityServer();
  const mock = await startXeroAccountingMock(identity);
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'xero-token-')), 'refresh-token');
  const initialRefreshToken = identity.refreshToken;
  const webhookKey = 'xero-webhook-key-for-tests-0123456789';
  return {
    identity,
    mock,
    tokenFile,
    webhookKey,
    connector: (overrides = {}) =>
      createXeroAccountingConnector({
        system: 'xero',
        baseUrl: `${mock.url}${mock.basePath}`,
        tenantId: mock.tenantId,
        oauth: {
          tokenUrl: identity.url,
          clientId: identity.clientId,
          clientSecret: identity.clientSecret,
          refreshTokenFile: tokenFile,
          initialRefreshToken,
        },
        legalEntityId: 'LL-UK',
        salesAccountCode: '200',
        taxTypes: { VAT20: 'OUTPUT2' },
        costJournal: { debitAccountCode: '310', creditAccountCode: '820' },
        webhookKey,
        timeoutMs: 5000,
        onSkipped: () => undefined,
        ...overrides,
      }),
    close: async () => {
      await mock.close();
      await identity.close();
    },
  };
}
