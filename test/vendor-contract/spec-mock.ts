// A spec-driven mock of a vendor's API: a real local HTTP server that validates every request against the
// vendor's OpenAPI description (openapi-backend), answers a request the description forbids with 400 and
// records it as a contract violation, answers valid requests from a stateful handler (or the spec's
// example), and validates its own answers against the description too (a wrong mock is a violation as
// well). A test asserts `violations` is empty at the end.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenAPIBackend } from 'openapi-backend';
import { parseWithDecimals, stringifyWithDecimals } from '../../src/connectors/kit/decimal-json.ts';

export interface MockRequest {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body with its numbers as decimal strings (money stays exact in the mock too). */
  readonly body: unknown;
}

export interface MockAnswer {
  readonly status: number;
  /** Written with stringifyWithDecimals: JsonDecimal values become JSON numbers. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type MockHandler = (request: MockRequest) => MockAnswer;

export interface Violation {
  readonly kind: 'request' | 'response' | 'unknown-operation';
  readonly what: string;
  readonly errors: unknown;
}

export interface SpecMockOptions {
  readonly api: OpenAPIBackend;
  /** The path prefix of the vendor's server URL, e.g. '/api.xro/2.0'. */
  readonly basePath: string;
  readonly handlers: Readonly<Record<string, MockHandler>>;
  /** Checked before validation, e.g. the bearer token; an answer ends the request. */
  readonly authorize?: (headers: Readonly<Record<string, string>>) => MockAnswer | undefined;
  /** Headers that are transport, not contract (not validated). */
  readonly ignoreHeaders?: readonly string[];
}

export interface SpecMock {
  readonly url: string;
  readonly violations: Violation[];
  /** Every request as received, in order: `METHOD path?query`. */
  readonly requests: string[];
  /** Answers queued to go out before the next requests are handled (429, 503), in order. */
  readonly faults: MockAnswer[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: MockAnswer): void {
  const text = answer.body === undefined ? '' : stringifyWithDecimals(answer.body);
  res.writeHead(answer.status, {
    ...(text === '' ? {} : { 'content-type': 'application/json' }),
    ...answer.headers,
  });
  res.end(text);
}

export async function startSpecMock(options: SpecMockOptions): Promise<SpecMock> {
  const violations: Violation[] = [];
  const requests: string[] = [];
  const faults: MockAnswer[] = [];
  const ignored = new Set([
    'host',
    'connection',
    'content-length',
    'accept-encoding',
    'user-agent',
    'accept-language',
    'sec-fetch-mode',
    ...(options.ignoreHeaders ?? []),
  ]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const method = (req.method ?? 'GET').toLowerCase();
    const text = await readBody(req);
    requests.push(`${method.toUpperCase()} ${url.pathname}${url.search}`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (!ignored.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const denied = options.authorize?.(headers);
    if (denied) return send(res, denied);
    const fault = faults.shift();
    if (fault) return send(res, fault);
    if (!url.pathname.startsWith(options.basePath)) {
      violations.push({
        kind: 'unknown-operation',
        what: `${method} ${url.pathname}`,
        errors: 'outside the base path',
      });
      return send(res, { status: 404, body: { message: 'not found' } });
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      violations.push({ kind: 'request', what: `${method} ${url.pathname}`, errors: 'the body is not JSON' });
      return send(res, { status: 400, body: { message: 'not JSON' } });
    }
    const path = url.pathname.slice(options.basePath.length) || '/';
    const query: Record<string, string> = Object.fromEntries(url.searchParams);
    const request = { method, path, headers, query, ...(body === undefined ? {} : { body }) };
    const operation = options.api.matchOperation(request);
    if (!operation) {
      violations.push({
        kind: 'unknown-operation',
        what: `${method} ${path}`,
        errors: 'no operation in the description',
      });
      return send(res, { status: 404, body: { message: `no operation ${method} ${path}` } });
    }
    const checked = options.api.validateRequest(request, operation);
    const what = `${operation.operationId ?? '?'} (${method.toUpperCase()} ${path}${url.search})`;
    if (!checked.valid) {
      violations.push({ kind: 'request', what, errors: checked.errors });
      return send(res, {
        status: 400,
        body: {
          Type: 'ValidationException',
          Message: 'the request breaks the API description',
          Errors: checked.errors,
        },
      });
    }
    const operationId = operation.operationId ?? '';
    const params = options.api.router.parseRequest(request, operation).params as Record<string, string>;
    const handler = options.handlers[operationId];
    const answer: MockAnswer = handler
      ? handler({
          operationId,
          method,
          path,
          params,
          query: url.searchParams,
          headers,
          body: text === '' ? undefined : parseWithDecimals(text),
        })
      : (() => {
          const example: { status: number; mock: unknown } =
            options.api.mockResponseForOperation(operationId);
          return { status: example.status, body: example.mock };
        })();
    if (answer.status < 300 && answer.body !== undefined) {
      const wire = JSON.parse(stringifyWithDecimals(answer.body)) as unknown;
      const valid = options.api.validateResponse(wire, operation, answer.status);
      if (!valid.valid) violations.push({ kind: 'response', what, errors: valid.errors });
    }
    send(res, answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push({
        kind: 'response',
        what: `${req.method ?? ''} ${req.url ?? ''}`,
        errors: String(error),
      });
      send(res, { status: 500, body: { message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    violations,
    requests,
    faults,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
