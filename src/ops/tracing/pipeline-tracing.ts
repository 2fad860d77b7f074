// The pipeline's spans. One flow, one trace: intake -> decide -> deliver -> confirm, linked across the
// queue by the trace context each event's envelope carries. The envelope stored at intake names the
// decide span (started before the intake transaction, in which new events are decided), each delivery
// continues the trace of its event, and each confirmation that of the delivery that completed it. Only
// built when tracing is on: with tracing off the pipeline never calls in here.
import { SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import type { CanonicalEvent } from '../../contracts/index.ts';
import type {
  Confirmation,
  Decision,
  DeliveryResult,
  EventOrigin,
  IngestOutcome,
  StoredDelivery,
  StoredEvent,
} from '../../store/port.ts';
import { contextOf, traceFieldsOf, type TraceFields } from './event-context.ts';

export interface IntakeTrace {
  /** The events as they are stored: carrying the trace context of their decide span. */
  readonly events: readonly CanonicalEvent[];
  committed(outcomes: readonly IngestOutcome[], decided: ReadonlyMap<number, Decision>): void;
  failed(error: Error): void;
}

export interface DeliverTrace {
  done(results: readonly DeliveryResult[]): void;
  /** Confirmation spans, children of the delivery that completed their event; the envelopes carry them. */
  confirm(confirmations: readonly Confirmation[]): Confirmation[];
}

function eventAttributes(event: CanonicalEvent): Attributes {
  return {
    'cloudevents.event_id': event.id,
    'cloudevents.event_source': event.source,
    'cloudevents.event_type': event.type,
    'cloudevents.event_subject': event.subject,
    ...(event.correlationid === undefined ? {} : { 'ledgerline.correlation_id': event.correlationid }),
  };
}

function decisionAttributes(span: Span, decision: Decision): void {
  span.setAttribute('ledgerline.decision', decision.kind);
  if (decision.kind === 'reject') {
    span.setAttribute('ledgerline.reason_code', decision.reasonCode);
    span.setStatus({ code: SpanStatusCode.ERROR, message: decision.reasonCode });
  } else if (decision.kind === 'deliver')
    span.setAttribute('ledgerline.deliveries', decision.deliveries.length);
}

function failedWith(span: Span, error: Error): void {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  span.end();
}

export class PipelineTracing {
  readonly #tracer: Tracer;

  constructor(tracer: Tracer) {
    this.#tracer = tracer;
  }

  /**
   * Starts each event's intake span, a child of the trace its envelope names, else of the caller's (an
   * HTTP `traceparent` header), else a new trace; and, when intake decides, its decide span.
   */
  intake(
    items: readonly { readonly event: CanonicalEvent; readonly parent?: TraceFields | undefined }[],
    decidesAtIntake: boolean,
  ): IntakeTrace {
    const spans = items.map(({ event, parent }) => {
      const context =
        event.traceparent === undefined
          ? contextOf(parent?.traceparent, parent?.tracestate)
          : contextOf(event.traceparent, event.tracestate);
      const intake = this.#tracer.startSpan(
        'ledgerline.intake',
        { kind: SpanKind.CONSUMER, attributes: eventAttributes(event) },
        context,
      );
      const decide = decidesAtIntake
        ? this.#tracer.startSpan(
            'ledgerline.decide',
            { attributes: eventAttributes(event) },
            trace.setSpan(context, intake),
          )
        : undefined;
      return { intake, decide };
    });
    const events = items.map(({ event }, i) => {
      const span = spans[i];
      const { tracestate: _old, ...rest } = event;
      return span ? { ...rest, ...traceFieldsOf(span.decide ?? span.intake) } : event;
    });
    return {
      events,
      committed(outcomes, decided) {
        spans.forEach(({ intake, decide }, i) => {
          const outcome = outcomes[i];
          intake.setAttribute('ledgerline.intake.outcome', outcome?.status ?? 'unknown');
          if (outcome) intake.setAttribute('ledgerline.seq', outcome.seq);
          const decision = outcome?.status === 'accepted' ? decided.get(outcome.seq) : undefined;
          if (decide && decision) decisionAttributes(decide, decision);
          // Not decided in the intake transaction: the processor decides it later, under this span.
          else if (decide) decide.setAttribute('ledgerline.decide.deferred', true);
          decide?.end();
          intake.end();
        });
      },
      failed(error) {
        for (const { intake, decide } of spans) {
          if (decide) failedWith(decide, error);
          failedWith(intake, error);
        }
      },
    };
  }

  /** Decide spans of events the processor decides (released, replayed, retried, deferred at intake). */
  decide(events: readonly StoredEvent[]): { done(decisions: readonly Decision[]): void } {
    const spans = events.map((e) =>
      this.#tracer.startSpan(
        'ledgerline.decide',
        { attributes: { ...eventAttributes(e.event), 'ledgerline.seq': e.seq } },
        contextOf(e.event.traceparent, e.event.tracestate),
      ),
    );
    return {
      done(decisions) {
        spans.forEach((span, i) => {
          const decision = decisions[i];
          if (decision) decisionAttributes(span, decision);
          span.end();
        });
      },
    };
  }

  /** A delivery span per outbox row, continuing its event's trace. */
  deliver(
    target: string,
    rows: readonly StoredDelivery[],
    origins: ReadonlyMap<number, EventOrigin>,
  ): DeliverTrace {
    const tracer = this.#tracer;
    const spans = rows.map((row) => {
      const origin = origins.get(row.eventSeq);
      return tracer.startSpan(
        'ledgerline.deliver',
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'ledgerline.target': target,
            'ledgerline.delivery.kind': row.kind,
            'ledgerline.delivery.attempt': row.attempts + 1,
            'ledgerline.idempotency_key': row.idempotencyKey,
            'ledgerline.seq': row.eventSeq,
          },
        },
        contextOf(origin?.traceparent, origin?.tracestate),
      );
    });
    // The row that completed an event is its last in the batch.
    const byEvent = new Map<number, Span>();
    rows.forEach((row, i) => {
      const span = spans[i];
      if (span) byEvent.set(row.eventSeq, span);
    });
    return {
      done(results) {
        spans.forEach((span, i) => {
          const result = results[i];
          if (result) {
            span.setAttribute('ledgerline.delivery.outcome', result.outcome);
            if (result.outcome !== 'ok') {
              span.setAttribute('ledgerline.reason_code', result.reasonCode);
              span.setStatus({ code: SpanStatusCode.ERROR, message: result.reasonCode });
            } else if (result.replayed) span.setAttribute('ledgerline.delivery.replayed', true);
          }
          span.end();
        });
      },
      confirm(confirmations) {
        return confirmations.map((c) => {
          const parent = byEvent.get(c.causeSeq);
          if (!parent) return c;
          const span = tracer.startSpan(
            'ledgerline.confirm',
            { kind: SpanKind.PRODUCER, attributes: eventAttributes(c.event) },
            trace.setSpan(contextOf(undefined), parent),
          );
          span.end();
          const { tracestate: _old, ...event } = c.event;
          return { ...c, event: { ...event, ...traceFieldsOf(span) } };
        });
      },
    };
  }
}
