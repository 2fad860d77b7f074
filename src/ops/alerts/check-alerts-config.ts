// The start-up check of the `alerts` section beyond its schema: routes name channels that exist, durations
// are above zero, an SMTP login has both halves. Every problem names its path and what to change.
import type { Config } from '../../config/schema.ts';
import { latencyFormatHint, parseLatency } from '../../governance/latency.ts';

export function checkAlertsConfig(config: Pick<Config, 'alerts'>): string[] {
  const alerts = config.alerts;
  if (alerts === undefined) return [];
  const problems: string[] = [];
  for (const key of ['evaluateEvery', 'quietPeriod'] as const) {
    const text = alerts[key];
    if (text !== undefined && parseLatency(text) === undefined)
      problems.push(`alerts.${key}: "${text}" is not a duration; write ${latencyFormatHint}`);
  }
  const channels = alerts.channels ?? {};
  const names = Object.keys(channels);
  const known = names.length > 0 ? `the channels are ${names.join(', ')}` : 'no channels are defined';
  const routes = alerts.routes ?? {};
  const lists: [string, readonly string[] | undefined][] = [
    ['authentication', routes.authentication],
    ['mapping', routes.mapping],
    ['master-data', routes['master-data']],
    ['governance', routes.governance],
    ...Object.entries(routes.sla ?? {}).map(([d, list]): [string, readonly string[] | undefined] => [
      `sla.${d}`,
      list,
    ]),
  ];
  for (const [where, list] of lists)
    for (const name of list ?? [])
      if (!(name in channels))
        problems.push(
          `alerts.routes.${where}: channel "${name}" is not defined; ${known} (add it under alerts.channels, or route to one of those)`,
        );
  for (const [name, channel] of Object.entries(channels))
    if (channel.type === 'email' && (channel.user === undefined) !== (channel.password === undefined))
      problems.push(
        `alerts.channels.${name}: an SMTP login needs both user and password (a SecretRef); give both, or neither for a relay that takes mail without one`,
      );
  return problems;
}
