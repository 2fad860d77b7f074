// End to end: write the exports to a temp dir, then check them with the tools consumers will use.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser, type Diagnostic } from '@asyncapi/parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { sensitiveKeyword } from '../sensitivity/mark.ts';
import addFormatsModule from 'ajv-formats';
import { Command, CommanderError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { registerContractsCommand } from '../../cli/commands/contracts-export.ts';
import { writeContracts } from '../../cli/commands/write-contracts.ts';
import { eventCatalog, eventNames } from '../events/catalog.ts';
import { validateEvent } from '../validate.ts';
import { buildAsyncApiDocument } from './asyncapi.ts';
import { exampleEvents } from './examples.ts';
import { buildEventSchemas } from './json-schema.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM (as in validate.ts).
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ledgerline-contracts-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (path: string) => readFile(path, 'utf8');

// The parser re-exports DiagnosticSeverity from another @stoplight/types copy than its diagnostics use,
// so the two enums are compared as plain numbers.
const ERROR_SEVERITY: number = DiagnosticSeverity.Error;
function isError(d: Diagnostic): boolean {
  const severity: number = d.severity;
  return severity === ERROR_SEVERITY;
}

async function parseAsyncApi(text: string): Promise<Diagnostic[]> {
  const { diagnostics } = await new Parser().parse(text);
  for (const d of diagnostics)
    console.log(`asyncapi [${d.severity}] ${d.code} ${d.path.join('.')}: ${d.message}`);
  return diagnostics;
}

function hasSymbolsOrNestedIds(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return true;
  if (depth > 0 && '$id' in value) return true;
  return Object.values(value).some((v) => hasSymbolsOrNestedIds(v, depth + 1));
}

describe('buildEventSchemas', () => {
  const schemas = buildEventSchemas();

  it('has one standalone draft 2020-12 schema per catalogue event', () => {
    assert.deepEqual(
      schemas.map((s) => s.name),
      eventNames,
    );
    for (const { name, type, fileName, schema } of schemas) {
      assert.equal(type, eventCatalog[name].type);
      assert.equal(fileName, `${type}.json`);
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      assert.equal(schema.$id, `https://ledgerline.dev/schemas/${type}.json`);
      assert.equal(schema.title, name);
      assert.equal(schema.description, eventCatalog[name].schema.description);
    }
  });

  it('publishes every quote-to-cash event type with its direction', () => {
    assert.deepEqual(Object.fromEntries(schemas.map((s) => [s.type, eventCatalog[s.name].direction])), {
      'io.ledgerline.customer.created.v1': 'inbound',
      'io.ledgerline.customer.updated.v1': 'inbound',
      'io.ledgerline.customer.resync-requested.v1': 'inbound',
      'io.ledgerline.opportunity.closed-won.v1': 'inbound',
      'io.ledgerline.project.activated.v1': 'inbound',
      'io.ledgerline.project.closed.v1': 'inbound',
      'io.ledgerline.task-plan.changed.v1': 'inbound',
      'io.ledgerline.rate-card.changed.v1': 'inbound',
      'io.ledgerline.resource.updated.v1': 'inbound',
      'io.ledgerline.time.approved.v1': 'inbound',
      'io.ledgerline.time.revised.v1': 'inbound',
      'io.ledgerline.time.withdrawn.v1': 'inbound',
      'io.ledgerline.expense.approved.v1': 'inbound',
      'io.ledgerline.expense.revised.v1': 'inbound',
      'io.ledgerline.expense.withdrawn.v1': 'inbound',
      'io.ledgerline.milestone.completed.v1': 'inbound',
      'io.ledgerline.billing-schedule.released.v1': 'inbound',
      'io.ledgerline.invoice.issued.v1': 'inbound',
      'io.ledgerline.payment.received.v1': 'inbound',
      'io.ledgerline.fx-rate.published.v1': 'inbound',
      'io.ledgerline.tax-rate.changed.v1': 'inbound',
      'io.ledgerline.accounting-period.changed.v1': 'inbound',
      'io.ledgerline.project.provisioned.v1': 'confirmation',
      'io.ledgerline.time.posted.v1': 'confirmation',
      'io.ledgerline.time.withdrawal-posted.v1': 'confirmation',
      'io.ledgerline.customer.synced.v1': 'confirmation',
      'io.ledgerline.project.contracted.v1': 'confirmation',
      'io.ledgerline.expense.posted.v1': 'confirmation',
      'io.ledgerline.billing-schedule.release-posted.v1': 'confirmation',
      'io.ledgerline.invoice.status-fed-back.v1': 'confirmation',
      'io.ledgerline.payment.status-fed-back.v1': 'confirmation',
    });
    for (const { name, type } of schemas) {
      // The name is the type's noun and verb in PascalCase, so either can be derived from the other.
      const [noun = '', verb = ''] = type.split('.').slice(2, 4);
      const pascal = `${noun}-${verb}`.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
      assert.equal(name, pascal);
    }
  });

  it('leaves no TypeBox symbols or nested registry $ids', () => {
    for (const { schema } of schemas) {
      assert.equal(hasSymbolsOrNestedIds(schema), false);
      assert.deepEqual(JSON.parse(JSON.stringify(schema)), schema);
    }
    const timeApproved = schemas.find((s) => s.name === 'TimeApproved')?.schema;
    assert.equal((timeApproved?.properties as { data: { title: string } }).data.title, 'TimeEntry');
    const invoiceIssued = schemas.find((s) => s.name === 'InvoiceIssued')?.schema;
    assert.equal((invoiceIssued?.properties as { data: { title: string } }).data.title, 'IssuedInvoice');
  });

  it('is deterministic', () => {
    assert.deepEqual(buildEventSchemas(), schemas);
    assert.deepEqual(buildAsyncApiDocument(), buildAsyncApiDocument());
  });
});

describe('writeContracts', () => {
  let files: string[] = [];
  before(async () => {
    ({ files } = await writeContracts(join(dir, 'out')));
  });

  it('writes a schema per event and the AsyncAPI document as JSON and YAML', () => {
    assert.deepEqual(files, [
      ...eventNames.map((n) => join(dir, 'out', 'schemas', `${eventCatalog[n].type}.json`)),
      join(dir, 'out', 'asyncapi.json'),
      join(dir, 'out', 'asyncapi.yaml'),
    ]);
  });

  it('writes 2-space JSON with sorted keys and a trailing newline, identically every time', async () => {
    const first = await Promise.all(files.map(read));
    for (const text of first) assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
    const schemaText = first[0] ?? '';
    assert.ok(schemaText.startsWith('{\n  "$id": "https://ledgerline.dev/schemas/'), schemaText.slice(0, 80));
    assert.ok((first[files.length - 2] ?? '').startsWith('{\n  "asyncapi": "3.0.0",\n'));
    const keys = Object.keys(JSON.parse(schemaText) as object);
    assert.deepEqual(keys, [...keys].sort());
    await writeContracts(join(dir, 'out'));
    assert.deepEqual(await Promise.all(files.map(read)), first);
  });

  it('writes YAML that says the same as the JSON', async () => {
    const json: unknown = JSON.parse(await read(join(dir, 'out', 'asyncapi.json')));
    const yaml = await read(join(dir, 'out', 'asyncapi.yaml'));
    assert.deepEqual(parseYaml(yaml), json);
    // A YAML 1.1 reader must not turn example timestamps into dates.
    assert.deepEqual(parseYaml(yaml, { version: '1.1' }), json);
    assert.deepEqual(json, buildAsyncApiDocument());
  });

  it('writes an AsyncAPI document that @asyncapi/parser accepts without errors', async () => {
    for (const name of ['asyncapi.json', 'asyncapi.yaml']) {
      const diagnostics = await parseAsyncApi(await read(join(dir, 'out', name)));
      assert.deepEqual(
        diagnostics.filter((d) => isError(d)),
        [],
        name,
      );
    }
  });

  it('has a channel, message and operation per event, receiving inbound and sending confirmations', async () => {
    const { document } = await new Parser().parse(await read(join(dir, 'out', 'asyncapi.json')));
    assert.ok(document);
    assert.equal(document.version(), '3.0.0');
    assert.equal(document.info().title(), 'Ledgerline canonical events');
    for (const name of eventNames) {
      const { type, direction } = eventCatalog[name];
      const channel = document.channels().get(name);
      assert.equal(channel?.address(), `ledgerline.events.${type}`);
      const message = channel?.messages().get(name);
      assert.equal(message?.contentType(), 'application/cloudevents+json');
      assert.equal(message?.payload()?.title(), name);
      const action = direction === 'inbound' ? 'receive' : 'send';
      const operation = document.operations().get(`${action}${name}`);
      assert.equal(operation?.action(), action);
      assert.deepEqual(
        operation
          ?.channels()
          .all()
          .map((c) => c.address()),
        [`ledgerline.events.${type}`],
      );
    }
    assert.equal(document.operations().length, eventNames.length);
  });

  it('writes JSON Schemas that compile with ajv 2020 and judge events like validateEvent', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    // A strict consumer is told of the one extension keyword the schemas carry: the sensitive-field mark.
    ajv.addKeyword(sensitiveKeyword);
    for (const name of eventNames) {
      const schema: unknown = JSON.parse(
        await read(join(dir, 'out', 'schemas', `${eventCatalog[name].type}.json`)),
      );
      const validate = ajv.compile(schema as object);
      const valid = exampleEvents[name];
      assert.equal(validate(valid), true, JSON.stringify(validate.errors));
      assert.equal(validateEvent(valid).ok, true);

      const invalid = { ...valid, data: { ...valid.data, unexpected: true } };
      assert.equal(validate(invalid), false, `${name} accepted an unknown data field`);
      assert.equal(validateEvent(invalid).ok, false);
      const { data: _data, ...noData } = valid;
      assert.equal(validate(noData), false, `${name} accepted an event without data`);
    }
    const hoursAsNumber = {
      ...exampleEvents.TimeApproved,
      data: { ...exampleEvents.TimeApproved.data, hours: 7.5 },
    };
    assert.equal(
      ajv.getSchema('https://ledgerline.dev/schemas/io.ledgerline.time.approved.v1.json')?.(hoursAsNumber),
      false,
    );
  });
});

describe('ledgerline contracts export', () => {
  function program(): { cli: Command; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    // Set before registering: commander copies these settings into sub-commands when they are created.
    const cli = new Command('ledgerline')
      .exitOverride()
      .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
    registerContractsCommand(cli);
    return { cli, out, err };
  }

  it('writes the files and prints their paths', async () => {
    const { cli, out } = program();
    const target = join(dir, 'cli');
    await cli.parseAsync(['contracts', 'export', '--out', target], { from: 'user' });
    const { files } = await writeContracts(target);
    assert.equal(out.join(''), files.map((file) => `${file}\n`).join(''));
    assert.equal(files.length, eventNames.length + 2);
  });

  it('exits with code 2 and a clear message when the directory cannot be written', async () => {
    // A regular file where the folder should go fails for every user, root included.
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'x');
    const { cli, err } = program();
    await assert.rejects(
      cli.parseAsync(['contracts', 'export', '--out', join(blocker, 'out')], { from: 'user' }),
      (error: unknown) => error instanceof CommanderError && error.exitCode === 2,
    );
    assert.match(err.join(''), /contracts export failed: cannot write to ".*not-a-dir.*out"/);
  });

  it('requires --out', async () => {
    const { cli } = program();
    await assert.rejects(
      cli.parseAsync(['contracts', 'export'], { from: 'user' }),
      (error: unknown) =>
        error instanceof CommanderError && error.code === 'commander.missingMandatoryOptionValue',
    );
  });
});
