// A Xero connector's HTTP edge to one organisation: the connection's session when the tenant's connectors
// share one (so they never refresh against each other), else one of its own; the tenant's call budget
// when shared, else Xero's documented limits for this connector alone.
import type { CallBudget } from '../../kit/call-budget.ts';
import { OAuth2Session, type OAuth2RefreshOptions } from '../../kit/oauth2-refresh.ts';
import { XeroHttp } from './xero-http.ts';

export interface XeroConnectionOptions {
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly oauth: Omit<OAuth2RefreshOptions, 'timeoutMs'>;
  /** default 30 s, for the API and the token endpoint alike */
  readonly timeoutMs?: number;
  readonly budget?: CallBudget;
  readonly session?: OAuth2Session;
}

export function openXeroConnection(options: XeroConnectionOptions): {
  readonly http: XeroHttp;
  readonly session: OAuth2Session;
} {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const session = options.session ?? new OAuth2Session({ ...options.oauth, timeoutMs });
  const http = new XeroHttp({
    baseUrl: options.baseUrl,
    tenantId: options.tenantId,
    session,
    timeoutMs,
    ...(options.budget === undefined ? {} : { budget: options.budget }),
  });
  return { http, session };
}
