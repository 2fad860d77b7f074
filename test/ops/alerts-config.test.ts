// The `alerts` section of the YAML config: the README's example is accepted, and each mistake is refused
// with a message that names its path and what to change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../src/config/load-config.ts';
import { configProblems, minimalConfig } from '../support/config-text.ts';
import { alertSettingsOf } from '../../src/ops/alerts/settings.ts';

/** The YAML block of the README's "SLAs and alerts" section. */
function readmeExample(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## SLAs and alerts'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'the README has a YAML example under "SLAs and alerts"');
  return block;
}

describe('the alerts configuration', () => {
  it("accepts the README's example and resolves its routes", () => {
    const config = parseConfig(minimalConfig + readmeExample(), 'test.yaml');
    const settings = alertSettingsOf(config.alerts, { SMTP_PASSWORD: 'x', CHAT_TOKEN: 'y' });
    assert.equal(settings.evaluateEveryMs, 15_000);
    assert.deepEqual(settings.routeOf('authentication'), ['platform-engineering']);
    assert.deepEqual(settings.routeOf('mapping'), ['integration-support']);
    assert.deepEqual(settings.routeOf('master-data'), ['business-operations']);
    assert.deepEqual(settings.routeOf('governance'), ['business-operations']);
    assert.deepEqual(settings.routeOf('sla', 'time'), ['pmo-chat']);
    assert.deepEqual(settings.routeOf('sla', 'invoice'), ['business-operations']);
    assert.equal(settings.channels.get('business-operations')?.type, 'email');
  });

  it('refuses a route to a channel that is not defined, naming the channels there are', () => {
    const problems = configProblems(`${minimalConfig}alerts:
  channels:
    ops: { type: webhook, url: 'http://127.0.0.1:9/hook', format: json }
  routes:
    mapping: [integration]
    sla: { time: [pmo] }
`);
    assert.deepEqual(problems, [
      'alerts.routes.mapping: channel "integration" is not defined; the channels are ops (add it under alerts.channels, or route to one of those)',
      'alerts.routes.sla.time: channel "pmo" is not defined; the channels are ops (add it under alerts.channels, or route to one of those)',
    ]);
  });

  it('refuses an unknown channel type, webhook format or SLA domain by name', () => {
    const problems = configProblems(`${minimalConfig}alerts:
  channels:
    a: { type: pager, url: 'http://x' }
    b: { type: webhook, url: 'http://127.0.0.1:9/hook', format: xml }
  routes:
    sla: { tiem: [b] }
`);
    assert.ok(
      problems.some((p) => p.startsWith('alerts.channels.a: "type" must be one of "webhook", "email"')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('alerts.channels.b.format: must be "json" or "chat"')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.includes('alerts.routes.sla: must NOT have additional properties "tiem"')),
      problems.join('\n'),
    );
  });

  it('refuses half an SMTP login and a duration that is zero', () => {
    const problems = configProblems(`${minimalConfig}alerts:
  evaluateEvery: 0s
  channels:
    mail: { type: email, host: 127.0.0.1, port: 25, user: alerts, from: a@example.com, to: [b@example.com] }
`);
    assert.deepEqual(problems, [
      'alerts.evaluateEvery: "0s" is not a duration; write a whole number above zero and a unit (ms, s, m, h, d), e.g. "30s", "5m", "1h"',
      'alerts.channels.mail: an SMTP login needs both user and password (a SecretRef); give both, or neither for a relay that takes mail without one',
    ]);
  });
});
