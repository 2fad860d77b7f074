// Failures Redmine rarely shows on demand (429, 503 with Retry-After, a 422 on write, a malformed page),
// from a stand-in HTTP server: `pull` throws the kit's errors, `push` answers retry or reject, never throws.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SourceUnavailableError } from '../kit/source-errors.ts';
import { createRedmineConnector, RedminePayloadError, type RedmineConnector } from './connector.ts';
import { invoiceStatusCommand } from './test-support/commands.ts';
import { MapMemory } from '../../../test/support/map-memory.ts';

const fieldDefinitions = {
  custom_fields: [
    ['Approved', 'time_entry', 1],
    ['Invoice number', 'time_entry', 2],
    ['Invoice status', 'time_entry', 3],
    ['Payment status', 'time_entry', 4],
  ].map(([name, customized_type, id]) => ({ id, name, customized_type, field_format: 'string' })),
};

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

describe('Redmine failures at the HTTP boundary', () => {
  let answer: Answer = (_req, res) => res.writeHead(500).end();
  const server = createServer((req, res) => {
    if (req.url === '/custom_fields.json') res.writeHead(200).end(JSON.stringify(fieldDefinitions));
    else answer(req, res);
  });
  let connector: RedmineConnector;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    connector = createRedmineConnector({
      system: 'redmine',
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'k'.repeat(40),
      memory: new MapMemory(),
      fields: {
        approved: 'Approved',
        invoiceNumber: 'Invoice number',
        invoiceStatus: 'Invoice status',
        paymentStatus: 'Payment status',
      },
      window: { lookbackDays: 7 },
    });
  });

  after(async () => {
    await connector.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('pull: 503 and 429 are retryable with Retry-After, a malformed page is not', async () => {
    answer = (_req, res) => res.writeHead(503, { 'retry-after': '7' }).end();
    await assert.rejects(connector.pull(undefined, 10), (e: unknown) => {
      assert.ok(e instanceof SourceUnavailableError);
      assert.deepEqual([e.reasonCode, e.retryAfterMs, e.status], ['source.unavailable', 7000, 503]);
      return true;
    });
    answer = (_req, res) => res.writeHead(429, { 'retry-after': '2' }).end();
    await assert.rejects(connector.pull(undefined, 10), {
      reasonCode: 'source.rate_limited',
      retryAfterMs: 2000,
    });
    answer = (_req, res) =>
      res.writeHead(200).end(JSON.stringify({ projects: [{ id: 'x' }], total_count: 1, offset: 0 }));
    await assert.rejects(
      connector.pull(undefined, 10),
      (e: unknown) => e instanceof RedminePayloadError && /\/projects\/0\/id/.test(e.message),
    );
  });

  it("push: a 422 is refused with Redmine's messages, a 503 retried after Retry-After", async () => {
    const command = invoiceStatusCommand({
      number: 'INV-1',
      projectExternalId: 1,
      timeEntryIds: ['time:redmine:5'],
      status: 'issued',
    });
    const writes: string[] = [];
    answer = (req, res) => {
      if (req.method === 'GET')
        res.writeHead(200).end(JSON.stringify({ time_entries: [], total_count: 0, offset: 0 }));
      else {
        writes.push(`${req.method} ${req.url}`);
        res.writeHead(422).end(JSON.stringify({ errors: ['Hours is invalid', 'Issue is invalid'] }));
      }
    };
    assert.deepEqual(await connector.push([command]), [
      {
        outcome: 'reject',
        reasonCode: 'redmine.validation',
        message: 'PUT /time_entries/5.json (time entry 5): Hours is invalid; Issue is invalid',
      },
    ]);
    assert.deepEqual(writes, ['PUT /time_entries/5.json']);
    answer = (_req, res) => res.writeHead(503, { 'retry-after': '4' }).end();
    const [retry, unsent] = await connector.push([command, command]);
    assert.deepEqual(retry && { ...retry, message: '' }, {
      outcome: 'retry',
      reasonCode: 'redmine.unavailable',
      message: '',
      retryAfterMs: 4000,
    });
    assert.equal(unsent?.outcome, 'retry');
  });
});
