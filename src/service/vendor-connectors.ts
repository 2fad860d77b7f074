// Builds the SaaS vendor connectors (issue 9) from their configuration: Harvest and Xero Projects (PSAs),
// Xero Accounting (ERP). Secrets are resolved here from their { env } / { file } references, never written in config.
import type { Static } from '@sinclair/typebox';
import { resolveSecret, resolveSecrets } from '../config/load-config.ts';
import type {
  HarvestPsaSystemConfig,
  XeroAccountingErpSystemConfig,
  XeroProjectsPsaSystemConfig,
} from '../config/vendor-systems.ts';
import { CallBudget } from '../connectors/kit/call-budget.ts';
import { OAuth2Session } from '../connectors/kit/oauth2-refresh.ts';
import { XERO_QUOTA } from '../connectors/xero-accounting/client/xero-http.ts';
import {
  createXeroProjectsConnector,
  type XeroProjectsConnector,
} from '../connectors/xero-projects/connector.ts';
import { createHarvestConnector, type HarvestConnector } from '../connectors/harvest/connector.ts';
import {
  createXeroAccountingConnector,
  type XeroAccountingConnector,
} from '../connectors/xero-accounting/connector.ts';

export function buildHarvest(
  system: Static<typeof HarvestPsaSystemConfig>,
  env: NodeJS.ProcessEnv,
): HarvestConnector {
  return createHarvestConnector({
    system: system.id,
    baseUrl: system.baseUrl,
    accountId: system.accountId,
    accessToken: resolveSecret(system.accessToken, `systems.psa[${system.id}].accessToken`, env),
    currency: system.currency,
    projectDefaults: system.projectDefaults,
  });
}

type XeroOAuth = Static<typeof XeroAccountingErpSystemConfig>['oauth'];

// One Xero connection (a refresh-token file) is one OAuth session, and one tenant one quota, whichever
// connectors of this thread use them: Xero rotates the refresh token at every refresh and counts calls per
// tenant, so two connectors with their own would refresh against each other and overspend the quota.
// Kept for the thread's life, as Xero keeps them. (The delivery thread builds its own: see README.)
const xeroSessions = new Map<string, OAuth2Session>();
const xeroBudgets = new Map<string, CallBudget>();

function xeroShared(oauth: XeroOAuth, tenantId: string, where: string, env: NodeJS.ProcessEnv) {
  let session = xeroSessions.get(oauth.refreshTokenFile);
  if (!session) {
    session = new OAuth2Session({ ...xeroOAuth(oauth, where, env), timeoutMs: 30_000 });
    xeroSessions.set(oauth.refreshTokenFile, session);
  }
  let budget = xeroBudgets.get(tenantId);
  if (!budget) {
    budget = new CallBudget(XERO_QUOTA);
    xeroBudgets.set(tenantId, budget);
  }
  return { session, budget };
}

function xeroOAuth(oauth: XeroOAuth, where: string, env: NodeJS.ProcessEnv) {
  return {
    tokenUrl: oauth.tokenUrl,
    clientId: oauth.clientId,
    clientSecret: resolveSecret(oauth.clientSecret, `${where}.oauth.clientSecret`, env),
    refreshTokenFile: oauth.refreshTokenFile,
    ...(oauth.initialRefreshToken === undefined
      ? {}
      : {
          initialRefreshToken: resolveSecret(
            oauth.initialRefreshToken,
            `${where}.oauth.initialRefreshToken`,
            env,
          ),
        }),
  };
}

export function buildXeroProjects(
  system: Static<typeof XeroProjectsPsaSystemConfig>,
  env: NodeJS.ProcessEnv,
): XeroProjectsConnector {
  return createXeroProjectsConnector({
    system: system.id,
    baseUrl: system.baseUrl,
    tenantId: system.tenantId,
    oauth: xeroOAuth(system.oauth, `systems.psa[${system.id}]`, env),
    ...xeroShared(system.oauth, system.tenantId, `systems.psa[${system.id}]`, env),
    projectDefaults: system.projectDefaults,
    costRates: system.costRates,
  });
}

export function buildXeroAccounting(
  erp: Static<typeof XeroAccountingErpSystemConfig>,
  env: NodeJS.ProcessEnv,
): XeroAccountingConnector {
  const where = `systems.erp[${erp.id}]`;
  return createXeroAccountingConnector({
    system: erp.id,
    baseUrl: erp.baseUrl,
    tenantId: erp.tenantId,
    oauth: xeroOAuth(erp.oauth, where, env),
    ...xeroShared(erp.oauth, erp.tenantId, where, env),
    legalEntityId: erp.legalEntityId,
    salesAccountCode: erp.salesAccountCode,
    ...(erp.taxTypes === undefined ? {} : { taxTypes: erp.taxTypes }),
    ...(erp.costJournal === undefined ? {} : { costJournal: erp.costJournal }),
    ...(erp.webhookKey === undefined
      ? {}
      : { webhookKey: resolveSecrets(erp.webhookKey, `${where}.webhookKey`, env) }),
  });
}
