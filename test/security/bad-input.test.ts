// Bad input on every public endpoint (issue 8). The routes come from GET /openapi.json, so a new route is
// covered without touching this file. Each is sent malformed JSON, a body over the limit, deep nesting,
// wrong types, injection strings in every text field, path parameter and query parameter, and unicode
// edge cases. Every answer must be clean: never a 5xx or a hang, every error an RFC 9457 problem
// (a request with a body is always refused with a 4xx; a read may answer 200 with nothing found), no
// header made from the input, the service still healthy after each, and nothing stored changed.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { useHarness, type Harness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { waitFor } from '../support/wait.ts';

const injections = [
  "' OR '1'='1'; DROP TABLE events; --",
  '"; SELECT pg_sleep(30); --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '${jndi:ldap://127.0.0.1:1/a}',
  '{{7*7}}%s%n',
  'a\u0000b',
  'a\r\nSet-Cookie: injected=1\r\nX-Injected: 1',
];
const unicode = [
  '\uD800', // a lone high surrogate
  'x\uDFFFy', // a lone low surrogate
  '\u202Egnp.exe', // right-to-left override
  'zero\u200Bwidth\uFEFF',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'é'.repeat(5000),
];
/** The same, as they can travel in a URL: invalid UTF-8 instead of lone surrogates (no URL can hold those). */
const urlValues = [
  ...injections.map(encodeURIComponent),
  '%ED%A0%80',
  '%FF%FE',
  '%00',
  encodeURIComponent('\u202Egnp.exe'),
  encodeURIComponent('👩‍👩‍👧‍👦'),
  encodeURIComponent('é'.repeat(1000)),
  '..%2F..%2F..%2Fetc%2Fpasswd',
];

interface Operation {
  readonly method: string;
  /** OpenAPI template, e.g. /v1/events/{id}. */
  readonly path: string;
  readonly params: readonly string[];
  readonly query: readonly { name: string; schema: JsonSchema }[];
  readonly body: JsonSchema | undefined;
}

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly $ref?: string;
}

interface OpenApi {
  readonly paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

function operationsOf(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, schema: p.schema })),
      body: Object.values(op.requestBody?.content ?? {})[0]?.schema,
    })),
  );
}

/** A small instance of a schema: required properties only, the first choice of a union. */
function sample(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return {};
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.[0] !== undefined) return schema.enum[0];
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (choice) return sample(choice, depth + 1);
  const type: string | undefined = typeof schema.type === 'string' ? schema.type : schema.type?.[0];
  if (type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const name of schema.required ?? []) out[name] = sample(schema.properties?.[name], depth + 1);
    return out;
  }
  if (type === 'array') return [sample(schema.items, depth + 1)];
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  return 'x';
}

/** Every string leaf replaced by `value`. */
function everyText(value: unknown, text: string): unknown {
  if (typeof value === 'string') return text;
  if (Array.isArray(value)) return value.map((v) => everyText(v, text));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, everyText(v, text)]));
  return value;
}

/** Every leaf given a type it does not have. */
function wrongTypes(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return { notAn: 'array' };
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrongTypes(v)]));
  return [];
}

interface BadRequest {
  readonly label: string;
  readonly url: string;
  readonly body?: string | Buffer;
  readonly contentType?: string;
}

/** The bodies a request is tried with; `template` is a valid-looking body for the route. */
function badBodies(
  template: unknown,
  limit: number,
): { label: string; body: string | Buffer; type?: string }[] {
  const json = (label: string, value: unknown) => ({ label, body: JSON.stringify(value) });
  return [
    { label: 'malformed JSON', body: '{"specversion": "1.0", "id": ' },
    { label: 'truncated JSON with a trailing comma', body: '[{"a":1},' },
    { label: 'a body over the limit', body: `{"pad":"${'x'.repeat(limit + 10)}"}` },
    { label: '100k nested arrays', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
    { label: '50k nested objects', body: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` },
    {
      label: 'invalid UTF-8 bytes',
      body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    },
    { label: 'a BOM before wrong types', body: `\uFEFF${JSON.stringify(wrongTypes(template))}` },
    {
      label: 'duplicate keys and __proto__',
      body: '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
    },
    { label: 'plain text', body: 'hello', type: 'text/plain' },
    {
      label: 'XML',
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
      type: 'application/xml',
    },
    json('null', null),
    json('a number', 1e308),
    json('a string', 'x'),
    json('an empty array', []),
    json('wrong types in every field', wrongTypes(template)),
    json('a huge number in every field', everyText(template, '9'.repeat(400))),
    ...injections.map((text) =>
      json(`injection ${JSON.stringify(text).slice(0, 40)} in every text field`, everyText(template, text)),
    ),
    ...unicode.map((text) =>
      json(`unicode ${JSON.stringify(text).slice(0, 20)} in every text field`, everyText(template, text)),
    ),
  ];
}

function requestsFor(op: Operation, template: unknown, limit: number): BadRequest[] {
  const fill = (value: (param: string) => string) =>
    op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => value(name));
  // A real system for the webhook (its signature is then what refuses it); anything for other ids.
  const plain = fill((name) => (name === 'system' ? 'sandbox-psa' : '1'));
  const requests: BadRequest[] = [];
  for (const value of urlValues) {
    if (op.params.length > 0)
      requests.push({ label: `path params = ${value.slice(0, 40)}`, url: fill(() => value) });
    for (const q of op.query)
      requests.push({ label: `query ${q.name} = ${value.slice(0, 40)}`, url: `${plain}?${q.name}=${value}` });
  }
  for (const q of op.query)
    for (const value of ['-1', '1e309', '99999999999999999999999', 'true', '[]', '{}'])
      requests.push({
        label: `query ${q.name} = ${value}`,
        url: `${plain}?${q.name}=${encodeURIComponent(value)}`,
      });
  if (op.query.length > 0)
    requests.push({
      label: 'a query parameter twice',
      url: `${plain}?${op.query[0]?.name}=1&${op.query[0]?.name}=2`,
    });
  if (op.method !== 'GET')
    for (const bad of badBodies(template, limit))
      requests.push({
        label: bad.label,
        url: plain,
        body: bad.body,
        contentType: bad.type ?? 'application/json',
      });
  return requests;
}

/** What was stored: rows per table and the audit chain's head. Alerts and SLA rows may follow refusals. */
async function fingerprint(h: Harness): Promise<Record<string, number | string>> {
  const store = h.config.store;
  const counts: Record<string, number | string> = {};
  const changesOnRefusal = /^(alert|sla_|schema_migrations)/;
  if ('sqlite' in store) {
    const db = new Database(store.sqlite, { readonly: true, fileMustExist: true });
    try {
      const tables = db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .all();
      for (const { name } of tables)
        if (!changesOnRefusal.test(name))
          counts[name] = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name}"`).get()?.n ?? -1;
    } finally {
      db.close();
    }
  } else {
    const url = new URL(store.postgres);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    const client = new pg.Client({ connectionString: url.toString(), options: `-c search_path=${schema}` });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
        [schema],
      );
      for (const { table_name: name } of rows)
        if (!changesOnRefusal.test(name))
          counts[name] = Number(
            (await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0]?.n,
          );
    } finally {
      await client.end();
    }
  }
  counts['audit head'] = (await h.service.store.auditHead())?.hash ?? 'empty';
  return counts;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

async function send(base: string, method: string, request: BadRequest): Promise<Answer> {
  const response = await fetch(`${base}${request.url}`, {
    method,
    headers: request.contentType ? { 'content-type': request.contentType } : {},
    ...(request.body === undefined ? {} : { body: request.body }),
    // A hang is a failure, not a slow test.
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function assertClean(op: Operation, request: BadRequest, answer: Answer): void {
  const where = `${op.method} ${request.url.slice(0, 120)} (${request.label}): ${answer.status} ${answer.text.slice(0, 300)}`;
  assert.ok(answer.status < 500, `a server error for ${where}`);
  assert.equal(answer.headers.get('x-injected'), null, `a header made from the input for ${where}`);
  assert.ok(
    !(answer.headers.get('set-cookie') ?? '').includes('injected'),
    `a cookie from the input for ${where}`,
  );
  if (request.body !== undefined || op.method !== 'GET')
    assert.ok(answer.status >= 400, `a request that should be refused was taken: ${where}`);
  if (answer.status >= 400) {
    assert.match(
      answer.headers.get('content-type') ?? '',
      /^application\/problem\+json/,
      `not a problem: ${where}`,
    );
    const problem = JSON.parse(answer.text) as { status?: unknown; title?: unknown; type?: unknown };
    assert.equal(problem.status, answer.status, `the problem's status for ${where}`);
    assert.equal(typeof problem.title, 'string', `the problem's title for ${where}`);
  }
}

describe('bad input on every public endpoint', () => {
  const bodyLimitBytes = 262_144;
  const h = useHarness();
  let operations: Operation[] = [];
  let stored: Record<string, number | string> = {};

  before(async () => {
    // Something stored to be kept unchanged: a project, a consultant and their approved time, delivered.
    const answer = await h.postEvents([
      readyProject('project:test-psa:P-BAD'),
      resourceUpdated('resource:test-psa:R-BAD'),
      timeApproved('time:test-psa:T-BAD', 'project:test-psa:P-BAD', 'resource:test-psa:R-BAD'),
    ]);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    await waitFor(
      'the pipeline quiescent',
      async () => {
        const stats = await h.service.store.stats();
        return (
          stats.events.accepted === 0 && stats.deliveries.pending === 0 && (stats.events.completed ?? 0) >= 3
        );
      },
      30_000,
    );
    const doc = (await h.get('/openapi.json')).body as OpenApi;
    operations = operationsOf(doc);
    stored = await fingerprint(h);
  });

  it('finds the routes in the OpenAPI document', () => {
    assert.ok(operations.length >= 20, `only ${operations.length} operations documented`);
    assert.ok(operations.some((o) => o.method === 'POST' && o.path === '/v1/events'));
    assert.ok(operations.some((o) => o.method === 'POST' && o.path === '/v1/webhooks/{system}'));
  });

  it('answers every bad request to every route with a clean problem, stays up and changes nothing', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      // A real event for the intake, so that each mutation breaks one thing a valid body has.
      const template =
        op.path === '/v1/events'
          ? timeApproved('time:test-psa:T-BAD2', 'project:test-psa:P-BAD', 'resource:test-psa:R-BAD')
          : sample(op.body);
      for (const request of requestsFor(op, template, bodyLimitBytes)) {
        try {
          assertClean(op, request, await send(h.service.url, op.method, request));
        } catch (error) {
          failures.push(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
        }
        const health = await fetch(`${h.service.url}/healthz`, { signal: AbortSignal.timeout(15_000) });
        assert.equal(health.status, 200, `unhealthy after ${op.method} ${op.path} (${request.label})`);
        await health.arrayBuffer();
      }
    }
    // Every failure at once: one run shows all there is to fix.
    assert.deepEqual(failures, []);
    assert.deepEqual(await fingerprint(h), stored, 'nothing stored changed');
  });
});
