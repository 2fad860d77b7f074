// One approved time entry, one trace: intake -> decide -> deliver (in the delivery thread) -> confirm
// (TimePosted), exported over OTLP/HTTP to a real local collector, and linked through the trace context
// the stored envelopes carry. Without an OTLP endpoint, no span is made, yet a caller's trace context is
// still kept with the event and passed on to its confirmation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { waitFor } from '../support/wait.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.ts';
import { otlpTracesUrl } from '../../src/ops/tracing/tracing.ts';

const collectorKey = 'otlp-key-5b1f0d7e9a';
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

interface StoredView {
  event: { traceparent?: string; tracestate?: string };
  lineage: { caused: { id: string; type: string }[] };
}

function chainOf(spans: readonly ReceivedSpan[], traceId: string): ReceivedSpan[] {
  return spans.filter((s) => s.traceId === traceId);
}

for (const thread of ['worker', 'main'] as const)
  describe(`tracing over OTLP (deliverers in the ${thread} thread)`, () => {
    let receiver: OtlpReceiver;
    before(async () => {
      receiver = await startOtlpReceiver();
    });
    const h = useHarness({
      delivery: { thread },
      env: { TEST_OTLP_KEY: collectorKey },
      configure: (config) => ({
        ...config,
        telemetry: {
          serviceName: 'ledgerline-test',
          otlp: { endpoint: receiver.endpoint, headers: { 'x-collector-key': { env: 'TEST_OTLP_KEY' } } },
        },
      }),
    });
    // Registered after the harness's, so the collector outlives the service's last export.
    after(async () => {
      await receiver.close();
    });
    const { settled } = eventViews(() => h);
    const stored = async (id: string, source?: string) =>
      (
        await h.get(
          `/v1/events/${encodeURIComponent(id)}${source === undefined ? '' : `?source=${encodeURIComponent(source)}`}`,
        )
      ).body as StoredView;

    async function postProject(tag: string) {
      const project = readyProject(`project:test-psa:T-${thread}-${tag}`);
      const resource = resourceUpdated(`resource:test-psa:T-${thread}-${tag}`);
      await h.postEvents([project, resource]);
      await settled(project.id, 'completed');
      return { projectId: project.data.id, resourceId: resource.data.id };
    }

    /**
     * The trace of one time entry, once a span of each stage has arrived at the collector (the main
     * thread and the delivery thread export on their own schedules).
     */
    async function traceOf(traceId: string) {
      const stages = ['ledgerline.intake', 'ledgerline.decide', 'ledgerline.deliver', 'ledgerline.confirm'];
      return waitFor('a span of each stage at the collector', () => {
        const spans = chainOf(receiver.spans, traceId);
        return stages.every((name) => spans.some((s) => s.name === name)) ? spans : undefined;
      });
    }

    function assertChain(spans: readonly ReceivedSpan[], timeId: string, rootParent: string) {
      const one = (name: string) => {
        const found = spans.filter((s) => s.name === name);
        assert.equal(found.length, 1, `one ${name} span in ${JSON.stringify(spans.map((s) => s.name))}`);
        return found[0] as ReceivedSpan;
      };
      const intake = one('ledgerline.intake');
      const decide = one('ledgerline.decide');
      const deliver = one('ledgerline.deliver');
      const confirm = one('ledgerline.confirm');
      assert.equal(intake.parentSpanId, rootParent);
      assert.equal(decide.parentSpanId, intake.spanId);
      assert.equal(deliver.parentSpanId, decide.spanId);
      assert.equal(confirm.parentSpanId, deliver.spanId);
      assert.equal(intake.attributes['cloudevents.event_id'], timeId);
      assert.equal(decide.attributes['ledgerline.decision'], 'deliver');
      assert.equal(deliver.attributes['ledgerline.target'], 'sandbox-erp');
      assert.equal(deliver.attributes['ledgerline.delivery.outcome'], 'ok');
      assert.equal(confirm.attributes['cloudevents.event_type'], 'io.ledgerline.time.posted.v1');
      for (const s of [intake, decide, deliver, confirm]) assert.equal(s.serviceName, 'ledgerline-test');
      return { confirm };
    }

    it('continues the trace of an incoming traceparent header from intake to the ERP posting to TimePosted', async () => {
      const { projectId, resourceId } = await postProject('header');
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const callerSpan = 'b7ad6b7169203331';
      const time = timeApproved(`time:test-psa:T-${thread}-1`, projectId, resourceId);
      const answer = await h.post('/v1/events', time, { traceparent: `00-${traceId}-${callerSpan}-01` });
      assert.equal(answer.status, 202);
      await settled(time.id, 'completed');
      const { confirm } = assertChain(await traceOf(traceId), time.id, callerSpan);

      // The stored envelopes carry the trace across the queue: the TimePosted confirmation names its span.
      const view = await stored(time.id);
      assert.match(view.event.traceparent ?? '', new RegExp(`^00-${traceId}-`));
      const posted = view.lineage.caused.find((c) => c.type === 'io.ledgerline.time.posted.v1');
      assert.ok(posted, 'TimePosted was recorded');
      const postedView = await stored(posted.id, 'ledgerline');
      assert.equal(postedView.event.traceparent, `00-${traceId}-${confirm.spanId}-01`);
      // Exported to /v1/traces with the configured header, read from its secret.
      assert.ok(receiver.exports.every((e) => e.path === '/v1/traces'));
      assert.ok(receiver.exports.every((e) => e.headers['x-collector-key'] === collectorKey));
    });

    it('starts a trace for an event that arrives without one', async () => {
      const { projectId, resourceId } = await postProject('fresh');
      const time = timeApproved(`time:test-psa:T-${thread}-2`, projectId, resourceId);
      await h.postEvents(time);
      await settled(time.id, 'completed');
      const traceparent = (await stored(time.id)).event.traceparent ?? '';
      const [, traceId = ''] = traceparentPattern.exec(traceparent) ?? [];
      assert.notEqual(traceId, '', `a traceparent was stored: ${traceparent}`);
      assertChain(await traceOf(traceId), time.id, '');
    });
  });

describe('tracing off (no OTLP endpoint)', () => {
  const h = useHarness();
  const { settled } = eventViews(() => h);

  it('makes no tracer, keeps a caller trace context with the event and passes it to the confirmation', async () => {
    const project = readyProject('project:test-psa:T-off');
    const resource = resourceUpdated('resource:test-psa:T-off');
    await h.postEvents([project, resource]);
    await settled(project.id, 'completed');
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const withHeader = timeApproved('time:test-psa:T-off-1', project.data.id, resource.data.id);
    const plain = timeApproved('time:test-psa:T-off-2', project.data.id, resource.data.id);
    await h.post('/v1/events', withHeader, { traceparent, tracestate: 'vendor=1' });
    await h.postEvents(plain);
    const done = await settled(withHeader.id, 'completed');
    await settled(plain.id, 'completed');
    const view = (await h.get(`/v1/events/${encodeURIComponent(withHeader.id)}`)).body as StoredView;
    assert.equal(view.event.traceparent, traceparent);
    assert.equal(view.event.tracestate, 'vendor=1');
    const posted = done.lineage.caused[0] as unknown as { id: string } | undefined;
    assert.ok(posted);
    const postedView = (await h.get(`/v1/events/${encodeURIComponent(posted.id)}?source=ledgerline`))
      .body as StoredView;
    assert.equal(postedView.event.traceparent, traceparent, 'the confirmation continues the same trace');
    const plainView = (await h.get(`/v1/events/${encodeURIComponent(plain.id)}`)).body as StoredView;
    assert.equal(plainView.event.traceparent, undefined, 'no trace is invented when tracing is off');
  });

  it('is on only with an endpoint in the config or the standard OTEL variables', () => {
    assert.equal(otlpTracesUrl(undefined, {}), undefined);
    assert.equal(
      otlpTracesUrl({ otlp: { endpoint: 'http://collector:4318/' } }, {}),
      'http://collector:4318/v1/traces',
    );
    assert.equal(
      otlpTracesUrl(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
      'http://c:4318/v1/traces',
    );
    assert.equal(
      otlpTracesUrl(undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' }),
      'http://c:4318/custom',
    );
  });
});
