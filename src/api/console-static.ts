// The console: the single-page app built from web/ into dist/web (npm run build:web), served at `/`.
// Hash routing (#/dead-letters) keeps every view on index.html, so no path needs a fallback; a missing
// build answers `/` with a problem document saying how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { problem, sendProblem } from './problem.ts';

/** dist/web from src/api (tsx) and from dist/api (compiled) alike. */
export const consoleRoot = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export function registerConsole(app: FastifyInstance, root: string = consoleRoot): void {
  if (!existsSync(`${root}/index.html`)) {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      sendProblem(
        reply,
        problem(
          503,
          'console-not-built',
          'Console not built',
          `The console is not built (no ${root}index.html). Run \`npm run build:web\` (npm start and npm run build do it for you), then restart.`,
        ),
      ),
    );
    return;
  }
  void app.register(fastifyStatic, { root, prefix: '/', index: ['index.html'], schemaHide: true });
}
