// OpenTelemetry tracing for one service (and its delivery thread): a tracer provider of its own, never
// the global one (tests run several services in a process), exporting over OTLP/HTTP (JSON) when an
// endpoint is configured. Without one there is no tracer at all and the pipeline skips every span.
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { resolveSecret } from '../../config/load-config.ts';
import type { TelemetryConfig } from '../../config/schema.ts';

export interface Tracing {
  readonly tracer: Tracer;
  /** Sends what is buffered now (tests, and before a process stops). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Where traces go: the config's endpoint, else the standard OTEL_EXPORTER_OTLP_* variables, else nowhere. */
export function otlpTracesUrl(
  config: TelemetryConfig | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const base = (url: string) => `${url.replace(/\/+$/, '')}/v1/traces`;
  if (config?.otlp) return base(config.otlp.endpoint);
  const traces = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (traces !== undefined && traces !== '') return traces;
  const all = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  return all !== undefined && all !== '' ? base(all) : undefined;
}

/** OTEL_EXPORTER_OTLP_HEADERS (`k=v,k2=v2`), then the config's headers (read from their secrets). */
function exportHeaders(
  config: TelemetryConfig | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (env['OTEL_EXPORTER_OTLP_HEADERS'] ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at > 0)
      headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  for (const [name, ref] of Object.entries(config?.otlp?.headers ?? {}))
    headers[name] = resolveSecret(ref, `telemetry.otlp.headers.${name}`, env);
  return headers;
}

/** The service's tracing, or undefined when no OTLP endpoint is configured (tracing off). */
export function startTracing(
  config: TelemetryConfig | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Tracing | undefined {
  const url = otlpTracesUrl(config, env);
  if (url === undefined) return undefined;
  const exporter = new OTLPTraceExporter({ url, headers: exportHeaders(config, env) });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config?.serviceName ?? 'ledgerline' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
  });
  return {
    tracer: provider.getTracer('ledgerline'),
    flush: () => provider.forceFlush(),
    // Stopping never fails for want of a collector: spans it cannot take by then are lost, the rest is not.
    shutdown: () => provider.shutdown().catch(() => undefined),
  };
}
