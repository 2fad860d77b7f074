// The failure-domain table covers every reason code in use: the source is scanned for the codes it sets
// (dead letters, rejections, delivery failures, webhook and intake refusals, vendors' refusals), so a new
// code without a row fails here instead of reaching an operator as "unknown".
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  classifyReasonCode,
  failureDomainOf,
  listedReasonCodes,
} from '../../src/ops/alerts/failure-domain.ts';

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'test-support') sourceFiles(path, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('fixtures'))
      out.push(path);
  }
  return out;
}

const files = sourceFiles(srcDir).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

function matches(pattern: RegExp, text: string): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1] ?? '');
}

/** Codes set where a reason code is expected: `reasonCode: 'x'`, `reject('x', ...)`, a named constant. */
function directCodes(): Set<string> {
  const codes = new Set<string>();
  for (const { text } of files) {
    for (const code of [
      // (not `typeof x.reasonCode !== 'string'`)
      ...matches(/(?<!typeof [\w.]*)reasonCode\s*(?::|===|!==|=|\?\?)\s*'([a-z][a-z0-9_.-]*)'/g, text),
      ...matches(/\b(?:reject|retry|refuse|fail)\(\s*'([a-z][a-z0-9_-]*\.[a-z0-9_.]+)'/g, text),
      ...matches(/export const [A-Z_]+ = '([a-z][a-z_-]*\.[a-z_]+)';/g, text),
    ])
      codes.add(code);
  }
  return codes;
}

// Namespaces that also name event types, ERP operations or bus events ('expense.approved',
// 'contract.create', 'intake.committed', the PSA feed's 'task_plan.changed'): only their direct uses above are reason codes.
const sharedNamespaces = new Set(['expense', 'contract', 'billing', 'intake', 'lifecycle', 'task_plan']);

/** The bus's event names ('webhook.refused'), which share namespaces with reason codes. */
const busEvents = new Set(
  matches(/^\s+'([a-z][a-z.-]*)': /gm, readFileSync(join(srcDir, 'pipeline', 'bus.ts'), 'utf8')),
);

/** Every literal `'<namespace>.<code>'` of a reason-code namespace, e.g. in a type union or a Map. */
function namespacedCodes(direct: ReadonlySet<string>): Set<string> {
  const namespaces = new Set(
    [...direct].filter((c) => c.includes('.')).map((c) => c.slice(0, c.indexOf('.'))),
  );
  const codes = new Set<string>();
  for (const { text } of files)
    for (const m of text.matchAll(/'([a-z][a-z0-9_-]*)\.([a-z][a-z0-9_]*)'/g))
      if (m[1] && namespaces.has(m[1]) && !sharedNamespaces.has(m[1]) && !busEvents.has(m[0].slice(1, -1)))
        codes.add(`${m[1]}.${m[2] ?? ''}`);
  return codes;
}

/** The sandbox ERP's and PSA's refusal codes, which their connectors pass on as `erp.<code>`/`psa.<code>`. */
function vendorCodes(): Set<string> {
  const codes = new Set<string>();
  for (const { path, text } of files) {
    const flat = text.replace(/\s+/g, ' ');
    if (path.includes('sandbox-erp'))
      for (const code of matches(/reject\( ?state, ?\d+, ?'([a-z_]+)'/g, flat)) codes.add(`erp.${code}`);
    if (path.includes('sandbox-psa'))
      for (const code of matches(
        /SandboxPsaError\( ?'[a-z_]+', ?[^;]*?, ?\[[^\]]*\], ?'([a-z_]+)',? ?\)/g,
        flat,
      ))
        codes.add(`psa.${code}`);
  }
  return codes;
}

describe('failure domains of reason codes', () => {
  const direct = directCodes();

  it('finds the codes in use (the scan itself works)', () => {
    for (const known of ['governance.not_owner', 'webhook.signature_invalid', 'erp.unauthorized'])
      assert.ok(direct.has(known), `the scan should find ${known}`);
    assert.ok(vendorCodes().has('erp.unknown_project'));
    assert.ok(vendorCodes().has('psa.unknown_client'));
    assert.ok(direct.size > 50, `only ${direct.size} codes found`);
    assert.ok(
      busEvents.has('webhook.refused') && busEvents.has('stage.failed'),
      'the bus event names are read',
    );
  });

  it('lists every reason code set in the source by name', () => {
    const listed = listedReasonCodes();
    const missing = [...direct, ...namespacedCodes(direct)].filter((c) => !listed.has(c)).sort();
    assert.deepEqual(missing, [], `add these to src/ops/alerts/failure-domain.ts: ${missing.join(', ')}`);
  });

  it("classifies every vendor refusal code, by name or by its system's family", () => {
    const unclassified = [...vendorCodes()].filter((c) => classifyReasonCode(c).by === 'default');
    assert.deepEqual(unclassified, []);
  });

  it('routes the failure domains the issue names', () => {
    assert.equal(failureDomainOf('webhook.signature_invalid'), 'authentication');
    assert.equal(failureDomainOf('erp.http_401'), 'authentication');
    assert.equal(failureDomainOf('crm.unauthorized'), 'authentication', 'a refused key by its suffix');
    assert.equal(failureDomainOf('mapping.currency_mismatch'), 'mapping');
    assert.equal(failureDomainOf('readiness.project_incomplete'), 'master-data');
    assert.equal(failureDomainOf('erp.unknown_project'), 'master-data');
    assert.equal(failureDomainOf('governance.not_owner'), 'governance');
    assert.deepEqual(classifyReasonCode('erp.something_new'), { domain: 'mapping', by: 'family' });
    assert.deepEqual(classifyReasonCode('nobody.knows'), { domain: 'mapping', by: 'default' });
  });
});
