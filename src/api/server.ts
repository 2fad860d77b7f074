// The HTTP surface: event intake, webhooks, lineage, the dead-letter queue and health.
import { peopleFrom, type People } from '../security/people.ts';
import Fastify from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { Store } from '../store/port.ts';
import { problem, sendProblem } from './problem.ts';
import { registerDeadLetters } from './routes/dead-letters.ts';
import { registerGetEvent } from './routes/get-event.ts';
import { registerPostEvents } from './routes/post-events.ts';
import { registerWebhooks } from './routes/webhooks.ts';
import { registerOpenApi } from './openapi/register-openapi.ts';
import { commonProblems, jsonAnswer } from './openapi/schemas.ts';
import { ledgerlineVersion } from '../version.ts';
import { Type } from '@sinclair/typebox';
import { registerMetrics } from './routes/metrics.ts';
import type { ServiceMetrics } from '../ops/metrics/service-metrics.ts';
import { registerSlaAlerts } from './routes/sla-alerts.ts';
import type { SlaMonitor } from '../ops/sla/sla-monitor.ts';
import { registerAdminApi } from './admin/register-admin.ts';
import { registerConsole } from './console-static.ts';
import { frameworkErrorProblem, refuseUnstorableValues } from './request-guards.ts';
import type { AuthConfig } from '../config/security-schema.ts';
import { checkRoutePermission } from '../security/permissions.ts';
import { documentAccess } from '../security/openapi-access.ts';
import { registerAuthentication } from '../security/auth/register-auth.ts';
import type { ClientRoles } from '../security/auth/client-certificate.ts';
import type { PeriodReconciler } from './routes/admin-sign-off.ts';
import type { TlsServerOptions } from '../security/tls/tls-server-options.ts';

export interface ApiOptions {
  readonly store: Store;
  readonly pipeline: Pipeline;
  readonly bodyLimitBytes: number;
  /** Use `pino({ level: 'silent' })` for none. */
  readonly logger: FastifyBaseLogger;
  /** Served at GET /metrics when given. */
  readonly metrics?: ServiceMetrics;
  /** SLA status for GET /v1/admin/sla (issue 7, alerts); without it the route is not served. */
  readonly sla?: SlaMonitor;
  /** Issue 8: credentials and roles on every route; without it the API is open (loopback use). */
  readonly auth?: AuthConfig;
  /** Issue 8: serve HTTPS (security.tls) instead of plain HTTP. */
  readonly tls?: TlsServerOptions;
  /** mTLS client certificates that authenticate (security.tls.clients); they turn authentication on
   * even without `auth`, which then accepts nothing else. */
  readonly clients?: ClientRoles;
  /** Reads a period from the configured systems, for sign-offs over HTTP (issue 8). */
  readonly reconcilePeriod?: PeriodReconciler;
  /** Which identities are one person (security.people), for segregation of duties. */
  readonly people?: People;
}

export async function buildApi(options: ApiOptions) {
  const { store, pipeline } = options;
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes,
    loggerInstance: options.logger,
    frameworkErrors: frameworkErrorProblem,
    // Typed as plain HTTP either way: routes and hooks do not care; client-certificate.ts checks the socket.
    ...((options.tls ? { https: options.tls } : {}) as object),
  });
  app.addHook('preHandler', refuseUnstorableValues);
  const startedAt = Date.now();
  // Every route has a decision in the permissions table, auth on or off, or the service does not start.
  app.addHook('onRoute', (route) => {
    checkRoutePermission(route.method, route.url);
    documentAccess(route);
  });
  if (options.auth || options.clients)
    registerAuthentication(app, options.auth ?? { apiKeys: false }, store, options.clients);
  await registerOpenApi(app, ledgerlineVersion);

  // CloudEvents media types are JSON.
  app.addContentTypeParser(
    ['application/cloudevents+json', 'application/cloudevents-batch+json'],
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) as unknown);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        done(Object.assign(new Error(`Body is not valid JSON: ${message}`), { statusCode: 400 }), undefined);
      }
    },
  );

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(
        reply,
        problem(
          413,
          'body-too-large',
          'Body too large',
          `The body exceeds ${options.bodyLimitBytes} bytes. Send fewer events per request.`,
        ),
      );
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(
        reply,
        problem(
          415,
          'unsupported-media-type',
          'Unsupported media type',
          'Send application/cloudevents+json, application/cloudevents-batch+json or application/json.',
        ),
      );
    }
    if ((error as { storeUnavailable?: unknown }).storeUnavailable === true) {
      // The database is briefly away (a failover, a cut connection): nothing was accepted; send again.
      void reply.header('retry-after', '1');
      return sendProblem(
        reply,
        problem(
          503,
          'store-unavailable',
          'Store unavailable',
          'Ledgerline could not reach its store; nothing from this request was lost or half-written. Send it again shortly.',
        ),
      );
    }
    const validation = (error as { validation?: unknown }).validation;
    if (Array.isArray(validation)) {
      // A request that breaks its route's documented schema: name every field that is wrong.
      const context = (error as { validationContext?: string }).validationContext ?? 'request';
      const errors = (validation as { instancePath?: string; message?: string }[]).map((v) => ({
        pointer: `/${context}${v.instancePath ?? ''}`,
        detail: v.message ?? 'is invalid',
      }));
      return sendProblem(
        reply,
        problem(
          400,
          'invalid-request',
          'Invalid request',
          `${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}. See /openapi.json for this route.`,
          { errors },
        ),
      );
    }
    if (status >= 400 && status < 500) {
      return sendProblem(
        reply,
        problem(status, 'malformed-request', 'Malformed request', `${error.message}. Send well-formed JSON.`),
      );
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      problem(
        500,
        'internal-error',
        'Internal error',
        'The request failed inside Ledgerline; nothing was lost, try again. The log has the details.',
      ),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      problem(
        404,
        'not-found',
        'Not found',
        `${request.method} ${request.url} is not a Ledgerline endpoint.`,
      ),
    ),
  );

  app.get('/healthz', { schema: healthSchema }, async () => {
    const stats = await store.stats();
    return {
      status: 'ok',
      store: store.dialect,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      events: stats.events,
      deliveries: stats.deliveries,
      deadLettersOpen: stats.deadLettersOpen,
    };
  });
  registerPostEvents(app, pipeline.intake);
  registerGetEvent(app, store);
  registerWebhooks(app, pipeline.sources, pipeline.intake, pipeline.bus, store);
  registerDeadLetters(app, store, () => pipeline.wake());
  if (options.metrics) registerMetrics(app, options.metrics);
  registerSlaAlerts(app, { store, ...(options.sla ? { sla: options.sla } : {}) });
  // Issue 7: the console at / and the admin API behind it.
  registerAdminApi(app, store, pipeline, options.people ?? peopleFrom(undefined), options.reconcilePeriod);
  registerConsole(app);
  return app;
}

const healthSchema = {
  summary: 'Liveness and the store at a glance',
  tags: ['operations'],
  response: {
    200: jsonAnswer(
      'Ledgerline is serving and its store answers',
      Type.Object({
        status: Type.Literal('ok'),
        store: Type.String({ description: 'sqlite or postgres' }),
        uptimeSeconds: Type.Integer(),
        events: Type.Record(Type.String(), Type.Integer(), { description: 'events by state' }),
        deliveries: Type.Record(Type.String(), Type.Integer(), { description: 'deliveries by state' }),
        deadLettersOpen: Type.Integer(),
      }),
    ),
    ...commonProblems,
  },
};
