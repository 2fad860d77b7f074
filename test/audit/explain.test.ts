// `ledgerline explain <posting>` against the running service's store (SQLite, then PostgreSQL in CI's
// second pass): a posting converted at a published exchange rate is explained and re-derived byte for
// byte from what was recorded with it; named by delivery seq, command key or the ERP's id alike; a source
// event edited behind the store's back is caught as a digest mismatch; exit codes 0, 1 and 2.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { useHarness, type Harness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { runCli } from '../support/child-service.ts';
import { parsePostgresUrl } from '../../src/store/postgres/database.ts';
import { sourceDigestOf } from '../../src/pipeline/provenance/source-digest.ts';
import type { PostingExplanation } from '../../src/audit/explain-posting.ts';

/** A statement run behind the store's back, as someone with a SQL prompt would. */
async function rawSql(h: Harness, sql: string, value: number): Promise<void> {
  const store = h.config.store;
  if ('sqlite' in store) {
    const db = new Database(store.sqlite);
    try {
      db.prepare(sql.replace('$1', '?')).run(value);
    } finally {
      db.close();
    }
    return;
  }
  const location = parsePostgresUrl(store.postgres);
  const client = new pg.Client({
    connectionString: location.connectionString,
    options: `-c search_path=${location.schema}`,
  });
  await client.connect();
  try {
    await client.query(sql, [value]);
  } finally {
    await client.end();
  }
}

async function explain(h: Harness, ...args: string[]) {
  const r = await runCli(['explain', ...args, ...h.storeArgs]);
  return r;
}

async function explainJson(h: Harness, ref: string): Promise<{ code: number | null; e: PostingExplanation }> {
  const r = await explain(h, ref, '--json');
  assert.ok(r.stdout.startsWith('{'), `explain ${ref}: ${r.stderr}`);
  return { code: r.code, e: JSON.parse(r.stdout) as PostingExplanation };
}

describe('ledgerline explain', () => {
  const h = useHarness({ erpPoll: true });
  const { settled } = eventViews(() => h);
  const resource = resourceUpdated('resource:test-psa:U-EX', '80.00', 'USD');
  const time = timeApproved('time:test-psa:EX-1', 'project:test-psa:P-EX', resource.data.id, {
    hours: '7.5',
    rate: '150.00',
    currency: 'EUR',
    workDate: '2026-10-14',
  });
  const postings = `${time.data.id}/postings`;

  it('posts approved time in EUR for a USD entity at the published rate', async () => {
    const response = await fetch(`${h.erp.url}/admin/fx-rates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.secrets.apiKey}` },
      body: JSON.stringify({
        from_currency: 'EUR',
        to_currency: 'USD',
        valid_from: '2026-10-01',
        rate: '1.0850',
        source: 'ECB reference',
      }),
    });
    const change = (await response.json()) as { change_id: string };
    await settled(change.change_id, 'completed');
    const project = readyProject('project:test-psa:P-EX', { legalEntityId: 'LL-US', currency: 'EUR' });
    assert.equal((await h.postEvents([project, resource])).status, 202);
    await settled(project.id, 'completed');
    assert.equal((await h.postEvents(time)).status, 202);
    await settled(time.id, 'completed');
    // The sandbox ERP keeps the approval's digest with each posting.
    for (const kind of ['billing_lines', 'cost_postings']) {
      const lines = await fetch(
        `${h.erp.url}/erp/v1/${kind}?source_ref=${encodeURIComponent(time.data.id)}`,
        {
          headers: { authorization: `Bearer ${h.secrets.apiKey}` },
        },
      );
      const { data } = (await lines.json()) as { data: { source_digest?: string }[] };
      assert.deepEqual(
        data.map((l) => l.source_digest),
        [sourceDigestOf(time)],
        kind,
      );
    }
  });

  it('proves the posting: digest, amounts, FX rate, reference data, audit entries, identical re-derivation', async () => {
    const { code, e } = await explainJson(h, postings);
    assert.equal(code, 0, JSON.stringify(e.problems));
    assert.equal(e.proven, true);
    assert.deepEqual(e.problems, []);
    assert.equal(e.posting.idempotencyKey, postings);
    assert.equal(e.posting.state, 'delivered');
    assert.equal(e.source?.id, time.id);
    assert.equal(e.source?.approved['approvedBy'], 'manager-1');
    assert.deepEqual(e.source?.approved['billRate'], { amount: '150.00', currency: 'EUR' });
    assert.deepEqual(e.digest, {
      carried: sourceDigestOf(time),
      recomputed: sourceDigestOf(time),
      matches: true,
    });
    const [line, cost] = e.posted;
    assert.equal(line?.kind, 'postBillableLine');
    assert.ok(line?.externalId, 'the ERP answered with an id');
    // 7.5 h x 150.00 = 1,125.00 EUR; x 1.0850 = 1,220.625 -> 1,220.63 USD.
    assert.deepEqual(line?.values['amount'], { amount: '1125.00', currency: 'EUR' });
    assert.deepEqual(line?.values['booking'], {
      functional: { amount: '1220.63', currency: 'USD' },
      rate: '1.0850',
      rateDate: '2026-10-01',
      source: 'ECB reference',
      postingDate: '2026-10-14',
    });
    assert.equal(cost?.kind, 'postCost');
    assert.equal(e.derivation.version, e.derivation.currentVersion);
    assert.match(e.derivation.configDigest ?? '', /^[0-9a-f]{64}$/);
    const read = e.derivation.master.map((m) => m.key);
    for (const key of ['project|project:test-psa:P-EX', `resource|${resource.data.id}`, 'fx-rates|USD'])
      assert.ok(read.includes(key), `${key} is recorded (${read.join(', ')})`);
    assert.deepEqual(e.derivation.legalEntity, {
      id: 'LL-US',
      name: 'Ledgerline Inc',
      country: 'US',
      functionalCurrency: 'USD',
    });
    assert.equal(e.reDerived.outcome, 'identical');
    const actions = e.audit.map((a) => a.action);
    assert.ok(actions.includes('event.accepted') && actions.includes('posting.delivered'), actions.join());

    const text = await explain(h, postings);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Approval digest: carried [0-9a-f]{64}, recomputed [0-9a-f]{64}: match/);
    assert.match(text.stdout, /Re-derived: identical \(byte for byte\)/);
    for (const fx of [/"rate":"1\.0850"/, /"rateDate":"2026-10-01"/, /"source":"ECB reference"/])
      assert.match(text.stdout, fx);
    assert.match(text.stdout, /resource\|resource:test-psa:U-EX [0-9a-f]{64}: costRate 80\.00 USD/);
    assert.match(text.stdout, /^PROVEN: /m);
  });

  it("finds the same posting by delivery seq, a command's key and the ERP's id", async () => {
    const { e } = await explainJson(h, postings);
    const externalId = e.posted[0]?.externalId ?? '';
    for (const ref of [String(e.posting.seq), `${time.data.id}/cost`, externalId]) {
      const other = await explainJson(h, ref);
      assert.equal(other.code, 0, ref);
      assert.equal(other.e.posting.seq, e.posting.seq, ref);
    }
  });

  it('exits 2 for an unknown posting or no store', async () => {
    const unknown = await explain(h, 'time:test-psa:NOPE/postings');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No posting time:test-psa:NOPE\/postings/);
    const noStore = await runCli(['explain', postings]);
    assert.equal(noStore.code, 2);
    assert.match(noStore.stderr, /Name the store/);
    const noPosting = await runCli(['explain', ...h.storeArgs]);
    assert.equal(noPosting.code, 2);
  });

  it("re-derives from what was recorded, not today's state: a later cost rate changes nothing", async () => {
    const raised = resourceUpdated(resource.data.id, '95.00', 'USD');
    assert.equal((await h.postEvents({ ...raised, id: `${raised.id}-raised` })).status, 202);
    await settled(`${raised.id}-raised`, 'completed');
    const { code, e } = await explainJson(h, postings);
    assert.equal(code, 0, JSON.stringify(e.problems));
    assert.equal(e.reDerived.outcome, 'identical');
    const read = e.derivation.master.find((m) => m.key === `resource|${resource.data.id}`);
    assert.deepEqual((read?.data as { costRate: unknown }).costRate, { amount: '80.00', currency: 'USD' });
  });

  it('answers the same over the admin API, and 404 for an unknown posting', async () => {
    const answer = await h.get(`/v1/admin/postings/${encodeURIComponent(postings)}/explain`);
    assert.equal(answer.status, 200);
    const e = answer.body as PostingExplanation;
    assert.equal(e.proven, true);
    assert.equal(e.reDerived.outcome, 'identical');
    assert.equal(e.digest.carried, sourceDigestOf(time));
    assert.equal(e.posted.length, 2);
    const unknown = await h.get('/v1/admin/postings/no-such-posting/explain');
    assert.equal(unknown.status, 404);
    assert.match((unknown.body as { detail: string }).detail, /No posting no-such-posting/);
  });

  it('catches a decision record that names another event than its posting, exit 1', async () => {
    const before = await explainJson(h, postings);
    assert.equal(before.code, 0, 'the record names the event its posting belongs to');
    const moved = (sql: string) => rawSql(h, `${sql} WHERE length(record) > $1`, 0);
    // Prefixing a digit moves every record to another seq; taking it off again restores them exactly.
    await moved(`UPDATE delivery_provenance SET record = replace(record, '"eventSeq":', '"eventSeq":9')`);
    try {
      const { code, e } = await explainJson(h, postings);
      assert.equal(code, 1);
      const seq = e.source?.seq ?? 0;
      assert.ok(
        e.problems.includes(
          `the decision record names event seq 9${seq}, the posting belongs to event seq ${seq}`,
        ),
        e.problems.join('\n'),
      );
    } finally {
      await moved(`UPDATE delivery_provenance SET record = replace(record, '"eventSeq":9', '"eventSeq":')`);
    }
    assert.equal((await explainJson(h, postings)).code, 0);
  });

  it("catches a decision record rewritten after delivery by the audit chain's digest of it, exit 1", async () => {
    const rewrite = (sql: string) => rawSql(h, `${sql} WHERE length(record) > $1`, 0);
    // A blank after the JSON: the record reads the same, so only the digest bound into the audit log differs.
    await rewrite(`UPDATE delivery_provenance SET record = record || ' '`);
    try {
      const { code, e } = await explainJson(h, postings);
      assert.equal(code, 1);
      assert.equal(e.reDerived.outcome, 'identical', 'the record still re-derives the posting');
      assert.ok(
        e.problems.some((p) =>
          /^a decision record of the postings delivered with this one changed after delivery: the digest in audit entry #\d+ \(deliveries \d+\.\.\d+\) no longer matches them$/.test(
            p,
          ),
        ),
        e.problems.join('\n'),
      );
    } finally {
      await rewrite(`UPDATE delivery_provenance SET record = substr(record, 1, length(record) - 1)`);
    }
    assert.equal((await explainJson(h, postings)).code, 0, 'restored, it is proven again');
  });

  it('catches a source event edited behind the store (digest mismatch, different re-derivation), exit 1', async () => {
    const { e } = await explainJson(h, postings);
    const eventSeq = e.source?.seq ?? 0;
    await rawSql(
      h,
      `UPDATE events SET envelope = replace(envelope, '"hours":"7.5"', '"hours":"9"') WHERE seq = $1`,
      eventSeq,
    );
    const tampered = await explainJson(h, postings);
    assert.equal(tampered.code, 1);
    assert.equal(tampered.e.proven, false);
    assert.equal(tampered.e.digest.matches, false);
    assert.equal(tampered.e.digest.carried, sourceDigestOf(time));
    assert.ok(
      tampered.e.problems.some((p) => /no longer matches the digest the posting carries/.test(p)),
      tampered.e.problems.join('\n'),
    );
    assert.equal(tampered.e.reDerived.outcome, 'different');
    assert.ok(
      tampered.e.reDerived.differences.some((d) =>
        /^commands\[0\]\.hours: stored "7\.5", derived "9"$/.test(d),
      ),
      tampered.e.reDerived.differences.join('\n'),
    );
    const text = await explain(h, postings);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /MISMATCH/);
    assert.match(text.stdout, /^NOT PROVEN:/m);
  });
});
