// The `alerts` section resolved once at start: durations in milliseconds, secrets read, and where each
// failure domain's alerts go.
import { resolveSecret } from '../../config/load-config.ts';
import type { AlertsConfig } from '../../config/schema.ts';
import type { DataDomain } from '../../governance/domains.ts';
import { parseLatency } from '../../governance/latency.ts';
import type { FailureDomain } from './failure-domain.ts';

export type ChannelSettings =
  | {
      readonly name: string;
      readonly type: 'webhook';
      readonly url: string;
      readonly format: 'json' | 'chat';
      readonly token?: string;
      readonly maxPerMinute: number;
    }
  | {
      readonly name: string;
      readonly type: 'email';
      readonly host: string;
      readonly port: number;
      readonly secure: boolean;
      readonly auth?: { readonly user: string; readonly pass: string };
      readonly from: string;
      readonly to: readonly string[];
      readonly maxPerMinute: number;
    };

export interface AlertSettings {
  readonly evaluateEveryMs: number;
  readonly quietPeriodMs: number;
  readonly channels: ReadonlyMap<string, ChannelSettings>;
  /** Channel names for an alert of this failure domain (and, for an SLA, of this data domain). */
  routeOf(domain: FailureDomain, dataDomain?: DataDomain): readonly string[];
}

export const defaultEvaluateEveryMs = 15_000;
export const defaultQuietPeriodMs = 10 * 60_000;
const defaultMaxPerMinute = 10;

export function alertSettingsOf(alerts: AlertsConfig | undefined, env: NodeJS.ProcessEnv): AlertSettings {
  const channels = new Map<string, ChannelSettings>();
  for (const [name, c] of Object.entries(alerts?.channels ?? {})) {
    const where = `alerts.channels.${name}`;
    const maxPerMinute = c.maxPerMinute ?? defaultMaxPerMinute;
    if (c.type === 'webhook')
      channels.set(name, {
        name,
        type: 'webhook',
        url: c.url,
        format: c.format,
        maxPerMinute,
        ...(c.token ? { token: resolveSecret(c.token, `${where}.token`, env) } : {}),
      });
    else
      channels.set(name, {
        name,
        type: 'email',
        host: c.host,
        port: c.port,
        secure: c.secure ?? false,
        from: c.from,
        to: c.to,
        maxPerMinute,
        ...(c.user !== undefined && c.password !== undefined
          ? { auth: { user: c.user, pass: resolveSecret(c.password, `${where}.password`, env) } }
          : {}),
      });
  }
  const routes = alerts?.routes ?? {};
  return {
    evaluateEveryMs: parseLatency(alerts?.evaluateEvery ?? '') ?? defaultEvaluateEveryMs,
    quietPeriodMs: parseLatency(alerts?.quietPeriod ?? '') ?? defaultQuietPeriodMs,
    channels,
    routeOf(domain, dataDomain) {
      if (domain !== 'sla') return routes[domain] ?? [];
      return (dataDomain === undefined ? undefined : routes.sla?.[dataDomain]) ?? routes.sla?.default ?? [];
    },
  };
}
