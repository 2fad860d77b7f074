// What a channel is told: an alert that opened or one that recovered, in the three shapes the channels
// send (a JSON document, a chat message, an e-mail).
import type { StoredAlert } from '../../store/ops-port.ts';
import { alertView, type AlertView } from './alert-view.ts';

export interface Notification {
  readonly kind: 'firing' | 'resolved';
  readonly alert: StoredAlert;
  /** Notifications this channel dropped under its rate limit since the last one it sent. */
  readonly suppressed: number;
}

const domainTitle: Readonly<Record<string, string>> = {
  authentication: 'Authentication',
  mapping: 'Mapping/validation',
  'master-data': 'Master data',
  governance: 'Governance',
  sla: 'SLA',
};

function headline(n: Notification): string {
  const state = n.kind === 'firing' ? 'FIRING' : 'RESOLVED';
  return `[${state}] ${domainTitle[n.alert.failureDomain] ?? n.alert.failureDomain}: ${n.alert.title}`;
}

function suppressedLine(n: Notification): string | undefined {
  return n.suppressed > 0
    ? `${n.suppressed} earlier notification(s) to this channel were dropped by its rate limit`
    : undefined;
}

export function jsonPayload(n: Notification): {
  kind: Notification['kind'];
  summary: string;
  alert: AlertView;
  suppressed: number;
} {
  return { kind: n.kind, summary: headline(n), alert: alertView(n.alert), suppressed: n.suppressed };
}

/** Slack and Teams incoming webhooks both take `{ "text": ... }` with light markdown. */
export function chatPayload(n: Notification): { text: string } {
  const v = alertView(n.alert);
  const lines = [
    `*${headline(n)}*`,
    n.kind === 'firing' ? v.detail : `Cleared at ${v.lastAt}. ${v.detail}`,
    `\`${v.key}\` · ${v.count} occurrence(s) since ${v.firstAt}`,
    suppressedLine(n),
  ];
  return { text: lines.filter((l) => l !== undefined).join('\n') };
}

export function emailMessage(n: Notification): { subject: string; text: string } {
  const v = alertView(n.alert);
  const lines = [
    headline(n),
    '',
    v.detail,
    '',
    `Condition: ${v.key}`,
    `Occurrences: ${v.count}, first ${v.firstAt}, last ${v.lastAt}`,
    suppressedLine(n),
  ];
  return {
    subject: `[Ledgerline] ${headline(n)}`,
    text: lines.filter((l) => l !== undefined).join('\n'),
  };
}
