// A worker's own /metrics endpoint (`ledgerline worker --metrics-port N`): a worker serves no HTTP API,
// yet its counters (what it decided and delivered) exist only in its process, so Prometheus scrapes it too.
import { createServer, type Server } from 'node:http';
import { problem } from '../../api/problem.ts';
import type { ServiceMetrics } from './service-metrics.ts';

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveMetrics(
  metrics: ServiceMetrics,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response
        .writeHead(404, { 'content-type': 'application/problem+json' })
        .end(JSON.stringify(problem(404, 'not-found', 'Not found', 'A worker serves GET /metrics only.')));
      return;
    }
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
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
