// The admin API's dead-letter queue against a whole Ledgerline (real SQLite, the sandbox PSA and ERP):
// filters by reason, domain and entity; inspecting one; bulk retry by filter once the ERP is fixed, which
// posts the held-back time exactly once; resolve with a comment; and the problem documents.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useHarness } from '../support/harness.ts';
import { eventViews } from '../support/event-view.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { waitFor } from '../support/wait.ts';

interface Listed {
  total: number;
  deadLetters: {
    id: number;
    subject: string;
    reasonCode: string;
    domain: string;
    entity: string;
    state: string;
  }[];
  facets: {
    reasons: Record<string, number>;
    domains: Record<string, number>;
    entities: Record<string, number>;
  };
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

describe('admin API: dead letters', () => {
  const h = useHarness();
  const { settled } = eventViews(() => h);
  const ukProject = 'project:test-psa:ADM-UK';
  const deProject = 'project:test-psa:ADM-DE';
  const time = 'time:test-psa:ADM-T1';

  async function problemOf(
    response: Promise<{ status: number; body: unknown }>,
    status: number,
    slug: string,
  ) {
    const { status: actual, body } = await response;
    assert.equal(actual, status, JSON.stringify(body));
    const p = body as Problem;
    assert.equal(p.type, `https://ledgerline.dev/problems/${slug}`);
    assert.equal(p.status, status);
    assert.ok(p.detail.length > 0);
    return p;
  }

  it('lists the ERP-refused projects by reason, domain and legal entity', async () => {
    const uk = readyProject(ukProject, { taxTreatment: 'reverse-charge' });
    const de = readyProject(deProject, {
      taxTreatment: 'reverse-charge',
      legalEntityId: 'LL-DE',
      currency: 'EUR',
    });
    await h.postEvents([uk, de, resourceUpdated('resource:test-psa:ADM-U1')]);
    await settled(uk.id, 'dead');
    await settled(de.id, 'dead');
    await h.postEvents(timeApproved(time, ukProject, 'resource:test-psa:ADM-U1'));

    const all = (await h.get('/v1/admin/dead-letters?state=open&reason=erp.tax_code')).body as Listed;
    assert.deepEqual(all.deadLetters.map((d) => d.subject).sort(), [deProject, ukProject]);
    assert.deepEqual(all.facets.entities, { 'LL-DE': 1, 'LL-UK': 1 });
    assert.deepEqual(all.facets.domains, { project: 2 });
    const uks = (await h.get('/v1/admin/dead-letters?state=open&domain=project&entity=LL-UK')).body as Listed;
    assert.deepEqual(
      uks.deadLetters.map((d) => [d.subject, d.reasonCode, d.domain, d.entity]),
      [[ukProject, 'erp.tax_code_not_configured', 'project', 'LL-UK']],
    );
    const none = (await h.get('/v1/admin/dead-letters?domain=time')).body as Listed;
    assert.equal(none.total, 0);
  });

  it('inspects one: the event payload, the delivery and the error', async () => {
    const [letter] = ((await h.get('/v1/admin/dead-letters?entity=LL-UK')).body as Listed).deadLetters;
    assert.ok(letter);
    const { status, body } = await h.get(`/v1/admin/dead-letters/${letter.id}`);
    assert.equal(status, 200);
    const detail = body as {
      deadLetter: { message: string; entity: string };
      event: { data: { id: string; taxTreatment: string } };
      delivery: { kind: string; target: string; state: string; commands: { kind: string }[] };
    };
    assert.equal(detail.event.data.id, ukProject);
    assert.equal(detail.event.data.taxTreatment, 'reverse-charge');
    assert.match(detail.deadLetter.message, /reverse-charge/);
    assert.equal(detail.deadLetter.entity, 'LL-UK');
    assert.equal(detail.delivery.kind, 'provisionProject');
    assert.equal(detail.delivery.state, 'dead');
    assert.equal(detail.delivery.commands[0]?.kind, 'provisionProject');
  });

  it('answers bad filters and ids with problem documents', async () => {
    await problemOf(h.get('/v1/admin/dead-letters?state=bogus'), 400, 'invalid-request');
    await problemOf(h.get('/v1/admin/dead-letters?limit=0'), 400, 'invalid-request');
    await problemOf(h.get('/v1/admin/dead-letters?colour=red'), 400, 'invalid-request');
    await problemOf(h.get('/v1/admin/dead-letters/abc'), 400, 'invalid-id');
    await problemOf(h.get('/v1/admin/dead-letters/987654'), 404, 'dead-letter-not-found');
    await problemOf(h.post('/v1/admin/dead-letters/987654/retry', {}), 404, 'dead-letter-not-found');
    await problemOf(h.post('/v1/admin/dead-letters/x/resolve', { note: 'n' }), 400, 'invalid-id');
    await problemOf(h.post('/v1/admin/dead-letters/retry', {}), 422, 'filter-required');
    await problemOf(
      h.post('/v1/admin/dead-letters/retry', { reason: 'erp.', state: 'open' }),
      400,
      'invalid-request',
    );
    const response = await fetch(`${h.service.url}/v1/admin/dead-letters/abc`);
    assert.equal(response.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  });

  it('retries by filter once the ERP is fixed: the held-back time is posted exactly once', async () => {
    const parked = (await h.get(`/v1/admin/parked?reason=${encodeURIComponent(`xref|${ukProject}|`)}`))
      .body as {
      parked: { subject: string; entity: string; waitingFor: string }[];
    };
    assert.deepEqual(
      parked.parked.map((p) => [p.subject, p.entity, p.waitingFor]),
      [[time, 'LL-UK', `xref|${ukProject}|sandbox-erp`]],
    );
    h.erp.enableTaxCode('LL-UK', 'reverse-charge');
    const retried = await h.post('/v1/admin/dead-letters/retry', { reason: 'erp.tax_code', entity: 'LL-UK' });
    assert.equal(retried.status, 202);
    assert.equal((retried.body as { retried: number }).retried, 1, 'only the UK one matches');
    await waitFor('the time entry completed', async () => {
      const found = (await h.get(`/v1/admin/lineage?q=${encodeURIComponent(time)}`)).body as {
        matches: { state: string }[];
      };
      return found.matches[0]?.state === 'completed';
    });
    const postings = await waitFor('the cost posting', () => {
      const report = h.erp.report();
      return report.costPostings.count > 0 ? report : undefined;
    });
    assert.equal(postings.costPostings.count, 1);
    assert.equal(postings.duplicateSourceRefs, 0);
    const open = (await h.get('/v1/admin/dead-letters?state=open')).body as Listed;
    assert.deepEqual(
      open.deadLetters.map((d) => d.subject),
      [deProject],
    );
  });

  it('resolves one only with a comment, and not twice', async () => {
    const [letter] = ((await h.get('/v1/admin/dead-letters?state=open&entity=LL-DE')).body as Listed)
      .deadLetters;
    assert.ok(letter);
    await problemOf(h.post(`/v1/admin/dead-letters/${letter.id}/resolve`, {}), 400, 'invalid-request');
    await problemOf(
      h.post(`/v1/admin/dead-letters/${letter.id}/resolve`, { note: '   ' }),
      422,
      'note-required',
    );
    const resolved = await h.post(`/v1/admin/dead-letters/${letter.id}/resolve`, {
      note: 'project cancelled',
    });
    assert.equal(resolved.status, 200);
    assert.deepEqual(resolved.body, { id: letter.id, state: 'resolved', note: 'project cancelled' });
    await problemOf(
      h.post(`/v1/admin/dead-letters/${letter.id}/resolve`, { note: 'again' }),
      409,
      'dead-letter-not-open',
    );
    await problemOf(h.post(`/v1/admin/dead-letters/${letter.id}/retry`, {}), 409, 'dead-letter-not-open');
    const resolvedList = (await h.get('/v1/admin/dead-letters?state=resolved')).body as Listed;
    assert.ok(resolvedList.deadLetters.some((d) => d.id === letter.id));
  });
});
