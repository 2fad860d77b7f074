// A worker's own /metrics endpoint (`ledgerline worker --metrics-port N`): a worker serves no HTTP API,
// yet its counters (what it decided and delivered) exist only in its process, so Prometheus scrapes it too.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TlsServerOptions } from '../../security/tls/tls-server-options.ts';
import { problem } from '../../api/problem.ts';
import type { ServiceMetrics } from './service-metrics.ts';

/** Whether a scrape may be answered (authentication, when configured): see src/security/auth. */
export type ScrapeAccess = (request: IncomingMessage) => Promise<
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly status: number;
      readonly reason: string;
      readonly title: string;
      readonly detail: string;
      readonly challenge: string | undefined;
    }
>;

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

function sendProblem(response: ServerResponse, body: object, status: number, headers = {}): void {
  response
    .writeHead(status, { 'content-type': 'application/problem+json', ...headers })
    .end(JSON.stringify(body));
}

export async function serveMetrics(
  metrics: Pick<ServiceMetrics, 'render' | 'contentType'>,
  host: string,
  port: number,
  access?: ScrapeAccess,
  /** HTTPS (security.tls) instead of plain HTTP; with a client CA, client certificates are asked for. */
  tls?: TlsServerOptions,
): Promise<MetricsServer> {
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      sendProblem(
        response,
        problem(404, 'not-found', 'Not found', 'A worker serves GET /metrics only.'),
        404,
      );
      return;
    }
    const allowed = access ? access(request) : Promise.resolve({ ok: true as const });
    allowed
      .then((verdict) => {
        if (verdict.ok) return render(response);
        sendProblem(
          response,
          problem(verdict.status, verdict.reason, verdict.title, verdict.detail),
          verdict.status,
          verdict.challenge === undefined ? {} : { 'www-authenticate': verdict.challenge },
        );
      })
      .catch(() => {
        sendProblem(
          response,
          problem(
            503,
            'credentials-unchecked',
            'Cannot check credentials',
            'The credential could not be checked; try again.',
          ),
          503,
        );
      });
  };
  const server: Server = tls ? createHttpsServer(tls, handle) : createServer(handle);

  function render(response: ServerResponse): void {
    metrics.render().then(
      (body) => response.writeHead(200, { 'content-type': metrics.contentType }).end(body),
      () =>
        response
          .writeHead(500, { 'content-type': 'application/problem+json' })
          .end(
            JSON.stringify(
              problem(
                500,
                'internal-error',
                'Internal error',
                'The metrics could not be collected; try again.',
              ),
            ),
          ),
    );
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
