// parseConfig: schema errors named by path, then the checks across sections (system ids, governance).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkGovernance } from '../governance/check-governance.ts';
import { configProblems, minimalConfig } from '../../test/support/config-text.ts';
import { parseConfig } from './load-config.ts';

const secondPsa = `    - { id: psa-b, connector: sandbox-psa, baseUrl: 'http://127.0.0.1:3', webhookSecret: { env: PSA_B } }
`;
const withSecondPsa = (id: string) =>
  minimalConfig.replace('  erp:', secondPsa.replace('psa-b', id) + '  erp:');

describe('parseConfig', () => {
  it('accepts a minimal config: without a governance section the defaults apply', () => {
    assert.equal(parseConfig(minimalConfig, 'test.yaml').systems.erp.id, 'erp');
  });

  it('accepts two PSAs with their own ids, and a CRM', () => {
    const config = parseConfig(
      `${withSecondPsa('psa-b')}  crm:
    - { id: crm, connector: sandbox-crm, baseUrl: 'http://127.0.0.1:4', apiKey: { env: CRM } }
governance:
  domains:
    opportunity: { systemOfRecord: crm, latency: 10m }
    time: { systemOfRecord: [psa-a, psa-b], latency: 15m, queue: transactional }
`,
      'test.yaml',
    );
    assert.deepEqual(
      config.systems.psa.map((s) => s.id),
      ['psa-a', 'psa-b'],
    );
    assert.equal(config.systems.crm?.[0]?.id, 'crm');
    const governance = checkGovernance(config);
    assert.ok(governance.ok);
    assert.deepEqual(governance.governance.domains.opportunity.systemsOfRecord, ['crm']);
    assert.deepEqual(governance.governance.domains.time.systemsOfRecord, ['psa-a', 'psa-b']);
  });

  it('takes a period-close policy per legal entity, and refuses one for an entity it does not have', () => {
    const config = parseConfig(
      `${minimalConfig}finance: { periodClose: { policy: next-open, entities: { LL-UK: reject } } }\n`,
      'test.yaml',
    );
    assert.deepEqual(config.finance?.periodClose, { policy: 'next-open', entities: { 'LL-UK': 'reject' } });
    assert.deepEqual(
      configProblems(
        `${minimalConfig}finance: { periodClose: { policy: hold, entities: { LL-US: reject } } }\n`,
      ),
      ['finance.periodClose.entities.LL-US: "LL-US" is not a configured legal entity (legalEntities: LL-UK)'],
    );
  });

  it('takes a PostgreSQL store by URL, and refuses a URL of another kind, saying what it expects', () => {
    const config = parseConfig(
      minimalConfig.replace(
        "store: { sqlite: ':memory:' }",
        "store: { postgres: 'postgres://ll@db:5432/ops?schema=ledger', poolSize: 8 }",
      ),
      'test.yaml',
    );
    assert.deepEqual(config.store, { postgres: 'postgres://ll@db:5432/ops?schema=ledger', poolSize: 8 });
    const problems = configProblems(
      minimalConfig.replace("store: { sqlite: ':memory:' }", "store: { postgres: 'mysql://db/ops' }"),
    );
    assert.ok(
      problems.some((p) => p.startsWith('store')),
      problems.join('\n'),
    );
  });

  it('takes rate limits and concurrency per queue, and refuses a limit for a system it does not deliver to', () => {
    const config = parseConfig(
      `${minimalConfig}delivery: { masterConcurrency: 2, leaseMs: 5000, rateLimits: { erp: { perSecond: 2.5, burst: 10 } } }\n`,
      'test.yaml',
    );
    assert.deepEqual(config.delivery?.rateLimits, { erp: { perSecond: 2.5, burst: 10 } });
    assert.equal(config.delivery?.masterConcurrency, 2);
    assert.deepEqual(
      configProblems(`${minimalConfig}delivery: { rateLimits: { xero: { perSecond: 1 } } }\n`),
      ['delivery.rateLimits: "xero" is not a system Ledgerline delivers to; use one of "erp", "psa-a"'],
    );
  });

  it('refuses two systems with one id, saying where each is', () => {
    assert.deepEqual(configProblems(withSecondPsa('erp')), [
      'systems: the id "erp" is used by systems.psa.1 and systems.erp; each system needs its own id, which ' +
        'is also its id space in canonical ids (e.g. "psa-a", "psa-b")',
    ]);
  });

  it('takes security.people, and refuses an identity listed under two people or of an unknown kind', () => {
    const people = (lines: string) => `${minimalConfig}security:\n  people:\n${lines}`;
    const config = parseConfig(
      people(`    ada: ['cli:ada', 'apikey:ada-laptop']\n    grace: ['oidc:https://login.example#g-1']\n`),
      'test.yaml',
    );
    assert.deepEqual(config.security?.people?.['ada'], ['cli:ada', 'apikey:ada-laptop']);
    assert.deepEqual(configProblems(people(`    ada: ['cli:ada']\n    ada2: ['apikey:k', 'cli:ada']\n`)), [
      'security.people: the identity "cli:ada" is listed under ada and ada2; an identity belongs to one person',
    ]);
    const unknownKind = configProblems(people(`    ada: ['ada@example.com']\n`));
    assert.equal(unknownKind.length, 1);
    assert.match(unknownKind[0] ?? '', /security\.people\.ada\.0/);
  });

  it('refuses a misconfigured governance section, naming the domain', () => {
    const problems = configProblems(`${minimalConfig}governance:
  domains:
    customer: { systemOfRecord: erp, direction: bidirectional }
`);
    assert.deepEqual(problems, [
      'governance.domains.customer: direction is bidirectional but no fieldOwnership is given; name the ' +
        'owning system of each field that both sides may change (e.g. legalName: erp)',
    ]);
  });

  it('names an unknown domain and lists the known ones', () => {
    const [problem, ...rest] = configProblems(`${minimalConfig}governance:
  domains:
    customers: { systemOfRecord: erp }
`);
    assert.deepEqual(rest, []);
    assert.equal(
      problem,
      'governance.domains: must NOT have additional properties "customers" (known: customer, project, ' +
        'opportunity, task, contract, rate-card, resource, time, expense, milestone, billing-schedule, ' +
        'invoice, payment, reference-data)',
    );
  });

  it('reports a union once, as what it expects, and lists the known keys of an object', () => {
    assert.deepEqual(
      configProblems(`${minimalConfig}governance:
  domains:
    time: { systemOfRecord: PSA A, direction: both-ways }
`),
      [
        'governance.domains.time.systemOfRecord: must be a system id, or a list of system ids that each ' +
          'record their own id space',
        'governance.domains.time.direction: must be "one-way" (from the system of record to the others) or ' +
          '"bidirectional"',
      ],
    );
    assert.deepEqual(configProblems(minimalConfig.replace('{ env: ERP }', '{ env: erp-key }')), [
      'systems.erp.apiKey: must be { env: NAME } (upper-case) or { file: PATH }',
    ]);
    assert.deepEqual(configProblems(minimalConfig.replace('apiKey:', 'colour: blue, apiKey:')), [
      'systems.erp: must NOT have additional properties "colour" (known: id, connector, baseUrl, apiKey, poll)',
    ]);
  });

  it('says what a field name in fieldOwnership must look like', () => {
    assert.deepEqual(
      configProblems(`${minimalConfig}governance:
  domains:
    customer:
      systemOfRecord: erp
      direction: bidirectional
      fieldOwnership: { Legal Name: erp }
`),
      [
        'governance.domains.customer.fieldOwnership: "Legal Name" is not a valid name (names match ' +
          '^[a-z][A-Za-z0-9.]*$)',
      ],
    );
  });
});

describe('parseConfig: Redmine and Tryton', () => {
  const example = readFileSync(new URL('../../examples/redmine-tryton.yaml', import.meta.url), 'utf8');

  it('accepts examples/redmine-tryton.yaml, with the Redmine field names and window defaulted where left out', () => {
    const config = parseConfig(example, 'examples/redmine-tryton.yaml');
    const [redmine] = config.systems.psa;
    assert.equal(redmine?.connector, 'redmine');
    assert.equal(config.systems.erp.connector, 'tryton');
    const minimal = parseConfig(
      minimalConfig.replace(
        "    - { id: psa-a, connector: sandbox-psa, baseUrl: 'http://127.0.0.1:1', webhookSecret: { env: PSA_A } }",
        "    - { id: redmine, connector: redmine, baseUrl: 'http://127.0.0.1:3000', apiKey: { env: KEY } }",
      ),
      'test.yaml',
    );
    const psa = minimal.systems.psa[0];
    assert.ok(psa?.connector === 'redmine');
    assert.deepEqual(psa.fields, {
      approved: 'Approved',
      invoiceNumber: 'Invoice number',
      invoiceStatus: 'Invoice status',
      paymentStatus: 'Payment status',
    });
    assert.deepEqual(psa.window, { lookbackDays: 90 });
  });

  it('reports a mistake against the connector kind named, and an unknown kind with the known ones', () => {
    const problems = configProblems(
      example
        .replace('      window: { lookbackDays: 90 }', '      window: { lookbackDays: 90 }\n      feilds: {}')
        .replace('    connector: tryton', '    connector: trytn'),
    );
    assert.deepEqual(problems, [
      'systems.psa.0: must NOT have additional properties "feilds" (known: id, connector, baseUrl, apiKey, poll, fields, projectDefaults, resourceDefaults, projects, window)',
      'systems.erp: "connector" must be one of "sandbox-erp", "tryton", "xero-accounting" (got "trytn")',
    ]);
  });
});
