// POST /v1/events: dedupe, validation with named fields, size limits, and a service that keeps running.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { readyProject, timeApproved } from '../support/events.ts';

type Json = Record<string, unknown>;

describe('event intake over HTTP', () => {
  const h = useHarness();

  it('accepts a new event with 202 and answers a duplicate with 200 and the original outcome', async () => {
    const event = readyProject('project:test-psa:P-1');
    const first = await h.postEvents(event);
    assert.equal(first.status, 202);
    assert.equal((first.body as Json)['status'], 'accepted');
    const again = await h.postEvents(event);
    assert.equal(again.status, 200);
    const body = again.body as Json;
    assert.equal(body['status'], 'duplicate');
    assert.equal(body['seq'], (first.body as Json)['seq']);
    assert.ok(typeof body['originalState'] === 'string');
    assert.ok(typeof body['firstReceivedAt'] === 'string');
  });

  it('takes a batch, reporting each event, and refuses nothing of a valid batch', async () => {
    const a = readyProject('project:test-psa:P-2');
    const b = readyProject('project:test-psa:P-3');
    const response = await h.postEvents([a, b, a]);
    assert.equal(response.status, 202);
    const results = (response.body as { results: Json[] }).results;
    assert.deepEqual(
      results.map((r) => r['status']),
      ['accepted', 'accepted', 'duplicate'],
    );
  });

  it('answers invalid data with 422 problem details naming every failing field', async () => {
    const event = timeApproved(
      'time:test-psa:1',
      'project:test-psa:P-1',
      'resource:test-psa:U-1',
    ) as unknown as { data: Json };
    event.data['hours'] = 7.5;
    delete event.data['approvedBy'];
    const response = await h.postEvents(event as never);
    assert.equal(response.status, 422);
    assert.match(response.contentType, /application\/problem\+json/);
    const problem = response.body as {
      type: string;
      title: string;
      detail: string;
      errors: { pointer: string }[];
    };
    assert.equal(problem.type, 'https://ledgerline.dev/problems/invalid-event');
    const pointers = problem.errors.map((e) => e.pointer).sort();
    assert.deepEqual(pointers, ['/data/approvedBy', '/data/hours']);
  });

  it('names the failing item of a batch and accepts none of it', async () => {
    const good = readyProject('project:test-psa:P-4');
    const bad = readyProject('project:test-psa:P-5') as unknown as { data: Json };
    bad.data['currency'] = 'euro';
    const response = await h.postEvents([good, bad as never]);
    assert.equal(response.status, 422);
    assert.deepEqual(
      (response.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer),
      ['/1/data/currency'],
    );
    const lookup = await h.get(`/v1/events/${good.id}`);
    assert.equal(lookup.status, 404);
  });

  it('answers an unknown event type with 400 and lists the known ones', async () => {
    const event = { ...readyProject('project:test-psa:P-6'), type: 'com.example.unknown.v1' };
    const response = await h.postEvents(event as never);
    assert.equal(response.status, 400);
    const problem = response.body as { type: string; knownTypes: string[] };
    assert.equal(problem.type, 'https://ledgerline.dev/problems/unknown-event-type');
    assert.ok(problem.knownTypes.includes('io.ledgerline.time.approved.v1'));
  });

  it('refuses confirmation events, which only Ledgerline emits', async () => {
    const event = {
      specversion: '1.0',
      id: 'forged-1',
      source: 'test-psa',
      subject: 'project:test-psa:P-1',
      time: '2026-07-01T09:00:00Z',
      type: 'io.ledgerline.project.provisioned.v1',
      data: { projectId: 'project:test-psa:P-1', system: 'sandbox-erp', externalId: 'PRJ-1' },
    };
    const response = await h.postEvents(event as never);
    assert.equal(response.status, 422);
  });

  it('answers malformed JSON with 400 and an oversized body with 413, and keeps serving', async () => {
    const malformed = await h.post('/v1/events', '{"specversion": "1.0", ');
    assert.equal(malformed.status, 400);
    assert.match(malformed.contentType, /application\/problem\+json/);
    const huge = JSON.stringify({ ...readyProject('project:test-psa:P-7'), padding: 'x'.repeat(300_000) });
    const oversized = await h.post('/v1/events', huge);
    assert.equal(oversized.status, 413);
    assert.equal((oversized.body as Json)['type'], 'https://ledgerline.dev/problems/body-too-large');
    const cloudevents = await h.post('/v1/events', 'not json', {
      'content-type': 'application/cloudevents+json',
    });
    assert.equal(cloudevents.status, 400);
    const health = await h.get('/healthz');
    assert.equal(health.status, 200);
    assert.equal((health.body as Json)['status'], 'ok');
  });

  it('answers unknown paths and unknown event ids with 404 problems', async () => {
    assert.equal((await h.get('/v1/nope')).status, 404);
    const missing = await h.get('/v1/events/does-not-exist');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as Json)['type'], 'https://ledgerline.dev/problems/event-not-found');
  });
});
