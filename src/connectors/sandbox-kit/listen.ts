// Starts a sandbox's HTTP server and answers the URL to reach it (IPv6 hosts in brackets).
import type { FastifyInstance } from 'fastify';

/** Listens on host:port (0 or absent: any free port); when that fails, `cleanUp` runs before the rethrow. */
export async function listen(
  app: FastifyInstance,
  host: string,
  port: number | undefined,
  cleanUp: () => Promise<void>,
): Promise<string> {
  try {
    await app.listen({ port: port ?? 0, host });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const address = app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
}
