// Retention and erasure (issue 8) on whichever store the harness runs: raw payloads of finished events
// past their retention are purged to a digest (postings and the audit log kept, unfinished work left
// alone); `ledgerline erase --subject` pseudonymises a consultant's personal data everywhere the store
// keeps it (or `--name`, found by a personal field's value), and `ledgerline audit verify` still passes
// afterwards.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { runCli } from '../support/child-service.ts';
import { storeSealerOf } from '../../src/security/field-protection/field-keys.ts';
import { protectedTables } from '../../src/store/protection-port.ts';
import type { Config } from '../../src/config/schema.ts';
import { payloadDigest } from '../../src/security/retention/purge-payloads.ts';

const keys = { TEST_FIELD_K1: randomBytes(32).toString('base64') };
const dayMs = 86_400_000;

interface EventBody {
  state: string;
  event: { type: string; data: Record<string, unknown> };
  lineage: { deliveries: { state: string }[] };
}

describe('retention and erasure', () => {
  const h = useHarness({
    env: keys,
    configure: (c): Config => ({
      ...c,
      security: { fieldEncryption: { currentKeyId: 'k1', keys: { k1: { env: 'TEST_FIELD_K1' } } } },
      // Invoices are kept ten years; everything else 30 days.
      retention: { rawPayloadDays: 30, perDomain: { invoice: 3650 }, every: '1d' },
    }),
  });
  const { settled } = eventViews(() => h);
  const getEvent = async (id: string) =>
    (await h.get(`/v1/events/${encodeURIComponent(id)}`)).body as EventBody;
  const configFile = () => {
    const file = join(h.dir, 'ledgerline.json');
    writeFileSync(file, JSON.stringify(h.config));
    return file;
  };
  const cli = (args: string[]) => runCli(args, { ...h.env });

  it('purges finished payloads past retention to a digest, keeping postings, audit and unfinished work', async () => {
    const project = readyProject('project:test-psa:RET-1');
    const resource = resourceUpdated('resource:test-psa:RET-U1', '55.00');
    const time = timeApproved('time:test-psa:RET-T1', project.data.id, resource.data.id);
    const waiting = timeApproved('time:test-psa:RET-T2', 'project:test-psa:RET-NONE', resource.data.id);
    await h.postEvents([project, resource]);
    await settled(resource.id, 'completed');
    await h.postEvents([time, waiting]);
    await settled(time.id, 'completed');
    await settled(waiting.id, 'parked');
    const retention = h.service.retention;
    assert.ok(retention, 'the service runs retention when configured');

    // Nothing is 30 days old yet.
    assert.equal((await retention.runNow(Date.now()))?.purged, 0);
    const result = await retention.runNow(Date.now() + 31 * dayMs);
    assert.ok((result?.purged ?? 0) >= 3, `purged ${String(result?.purged)}`);

    const purged = await getEvent(time.id);
    assert.deepEqual(Object.keys(purged.event.data), ['$purged']);
    assert.equal((purged.event.data['$purged'] as { sha256: string }).sha256, payloadDigest(time.data));
    assert.equal(purged.event.type, time.type, 'the envelope stays');
    assert.deepEqual(
      purged.lineage.deliveries.map((d) => d.state),
      ['delivered'],
      'the postings are kept',
    );
    const parked = await getEvent(waiting.id);
    assert.equal(parked.state, 'parked');
    assert.equal(parked.event.data['id'], 'time:test-psa:RET-T2', 'unfinished work keeps its payload');
    // A second run finds nothing left to purge.
    assert.equal((await retention.runNow(Date.now() + 32 * dayMs))?.purged, 0);

    const audit = await h.service.store.listAudit(0, 10_000);
    const run = audit.find((e) => e.action === 'retention.purged');
    assert.ok(run, 'the purge run is in the audit log');
    assert.match(run.detail, /"digest":"[0-9a-f]{64}"/);
    const verify = await cli(['audit', 'verify', '--config', configFile()]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('erases a consultant by pseudonym everywhere; audit verify still passes', async () => {
    const name = `Erin Erasable ${randomBytes(3).toString('hex')}`;
    const project = readyProject('project:test-psa:ERA-1');
    const resource = resourceUpdated('resource:test-psa:ERA-U1', '66.00');
    resource.data.name = name;
    const time = timeApproved('time:test-psa:ERA-T1', project.data.id, resource.data.id);
    await h.postEvents([project, resource]);
    await settled(resource.id, 'completed');
    await h.postEvents(time);
    await settled(time.id, 'completed');
    assert.equal((await getEvent(resource.id)).event.data['name'], name);

    const erase = await cli(['erase', '--subject', resource.data.id, '--config', configFile()]);
    assert.equal(erase.code, 0, erase.stdout + erase.stderr);
    assert.match(erase.stdout, /Pseudonymised 1 personal values in [1-9]\d* rows/);

    const after = await getEvent(resource.id);
    assert.match(String(after.event.data['name']), /^pseudonym:[0-9a-f]{24}$/);
    assert.deepEqual(
      after.event.data['costRate'],
      { amount: '66.00', currency: 'GBP' },
      'only personal data goes',
    );
    // Nowhere in the store once its sealed values are opened (events, master data, outbox, dead letters).
    const sealer = storeSealerOf(h.config, h.env);
    for (const table of protectedTables)
      for (const row of await h.service.store.scanProtected(table, null, 100_000)) {
        const clear =
          table === 'events'
            ? JSON.stringify(sealer.openEvent(row.text))
            : table === 'master_data'
              ? JSON.stringify(sealer.openMaster(row.text))
              : sealer.openOpaque(row.text);
        assert.ok(!clear.includes(name), `${table} ${row.key} still holds the name`);
      }
    // The audit log's entry names a digest, not the subject, and holds no personal data.
    const audit = await h.service.store.listAudit(0, 10_000);
    const entry = audit.find((e) => e.action === 'subject.erased');
    assert.ok(entry);
    assert.ok(!entry.subject.includes('ERA-U1') && !entry.detail.includes(name));

    const verify = await cli(['audit', 'verify', '--config', configFile()]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /Audit chain intact/);
  });

  it("erases a manager where they approved others' time, by name or id, and leaves a namesake alone", async () => {
    const unique = randomBytes(3).toString('hex');
    const name = `Mara Manager ${unique}`;
    const project = readyProject(`project:test-psa:MGR-${unique}`);
    const manager = resourceUpdated(`resource:test-psa:MGR-M-${unique}`, '90.00');
    manager.data.name = name;
    const namesake = resourceUpdated(`resource:other-psa:MGR-N-${unique}`, '91.00');
    namesake.data.name = name;
    const consultant = resourceUpdated(`resource:test-psa:MGR-C-${unique}`, '50.00');
    // One entry approved under the manager's name as the PSA spelt it, one under their canonical id.
    const byName = timeApproved(`time:test-psa:MGR-T1-${unique}`, project.data.id, consultant.data.id);
    byName.data.approvedBy = `  ${name.toUpperCase()} `;
    const byId = timeApproved(`time:test-psa:MGR-T2-${unique}`, project.data.id, consultant.data.id);
    byId.data.approvedBy = manager.data.id;
    const other = timeApproved(`time:test-psa:MGR-T3-${unique}`, project.data.id, consultant.data.id);
    await h.postEvents([project, manager, namesake, consultant]);
    for (const e of [project, manager, namesake, consultant]) await settled(e.id, 'completed');
    await h.postEvents([byName, byId, other]);
    for (const e of [byName, byId, other]) await settled(e.id, 'completed');

    const erase = await cli(['erase', '--subject', manager.data.id, '--config', configFile()]);
    assert.equal(erase.code, 0, erase.stdout + erase.stderr);

    const managerName = String((await getEvent(manager.id)).event.data['name']);
    assert.match(managerName, /^pseudonym:[0-9a-f]{24}$/);
    const approvedBy = async (id: string) => (await getEvent(id)).event.data['approvedBy'];
    assert.equal(await approvedBy(byName.id), managerName, 'the same person, the same pseudonym');
    assert.match(String(await approvedBy(byId.id)), /^pseudonym:[0-9a-f]{24}$/);
    assert.equal(await approvedBy(other.id), 'manager-1', 'someone else approved this one');
    const entry = await getEvent(byId.id);
    assert.equal(entry.event.data['resourceId'], consultant.data.id, 'references are not personal fields');
    assert.deepEqual(
      entry.lineage.deliveries.map((d) => d.state),
      ['delivered'],
      'the posting stays',
    );
    assert.equal((await getEvent(namesake.id)).event.data['name'], name, 'a namesake is another person');

    const explained = await cli(['explain', `${byName.data.id}/postings`, '--config', configFile()]);
    assert.equal(explained.code, 4, explained.stdout + explained.stderr);
    assert.match(explained.stdout, /source erased on \d{4}-\d\d-\d\dT[^ ]+ by pseudonymisation/);
    const verify = await cli(['audit', 'verify', '--config', configFile()]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it("erases a time entry's approver from that entry only, not from the others they approved", async () => {
    const unique = randomBytes(3).toString('hex');
    const approver = `lead-${unique}@example.com`;
    const project = readyProject(`project:test-psa:ONE-${unique}`);
    const consultant = resourceUpdated(`resource:test-psa:ONE-C-${unique}`, '53.00');
    const [erased, kept] = [1, 2].map((n) => {
      const t = timeApproved(`time:test-psa:ONE-T${n}-${unique}`, project.data.id, consultant.data.id);
      t.data.approvedBy = approver;
      return t;
    });
    assert.ok(erased && kept);
    await h.postEvents([project, consultant]);
    await settled(consultant.id, 'completed');
    await h.postEvents([erased, kept]);
    for (const t of [erased, kept]) await settled(t.id, 'completed');
    const erase = await cli(['erase', '--subject', erased.data.id, '--config', configFile()]);
    assert.equal(erase.code, 0, erase.stdout + erase.stderr);
    assert.match(String((await getEvent(erased.id)).event.data['approvedBy']), /^pseudonym:/);
    assert.equal((await getEvent(kept.id)).event.data['approvedBy'], approver);
  });

  it('erases an approver no master record holds, by the value in the events that name them', async () => {
    const unique = randomBytes(3).toString('hex');
    const approver = `approver-${unique}@example.com`;
    const project = readyProject(`project:test-psa:APR-${unique}`);
    const consultant = resourceUpdated(`resource:test-psa:APR-C-${unique}`, '52.00');
    const times = [1, 2, 3].map((n) => {
      const t = timeApproved(`time:test-psa:APR-T${n}-${unique}`, project.data.id, consultant.data.id);
      t.data.approvedBy = n === 3 ? approver.toUpperCase() : approver;
      return t;
    });
    await h.postEvents([project, consultant]);
    await settled(consultant.id, 'completed');
    await h.postEvents(times);
    for (const t of times) await settled(t.id, 'completed');

    const dry = await cli(['erase', '--name', approver, '--dry-run', '--config', configFile()]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /No master record holds that value; 3 event\(s\) do, in personal fields:/);
    assert.match(dry.stdout, /io\.ledgerline\.time\.approved\.v1 data\.approvedBy: 3/);
    assert.equal((await getEvent(times[0]?.id ?? '')).event.data['approvedBy'], approver, 'a dry run');

    const erase = await cli(['erase', '--name', approver, '--config', configFile()]);
    assert.equal(erase.code, 0, erase.stdout + erase.stderr);
    assert.match(erase.stdout, /Pseudonymised 2 personal values in 3 rows \(the value named\)/);
    const sealer = storeSealerOf(h.config, h.env);
    for (const row of await h.service.store.scanProtected('events', null, 100_000))
      assert.ok(
        !JSON.stringify(sealer.openEvent(row.text)).toLowerCase().includes(approver),
        `event ${row.key} still names the approver`,
      );
    assert.equal(
      (await getEvent(consultant.id)).event.data['name'],
      consultant.data.name,
      'only the value named',
    );
    const audit = await h.service.store.listAudit(0, 10_000);
    assert.ok(audit.every((e) => !e.detail.includes(approver) && !e.subject.includes(approver)));
    const verify = await cli(['audit', 'verify', '--config', configFile()]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });

  it('finds a person by name for erasure: lists the records, asks which, erases every one with --all', async () => {
    const name = `Nia Namesake ${randomBytes(3).toString('hex')}`;
    // The same consultant known to two PSAs, and someone else who is left alone.
    const first = resourceUpdated('resource:test-psa:NAME-U1', '60.00');
    const second = resourceUpdated('resource:other-psa:NAME-U9', '61.00');
    const other = resourceUpdated('resource:test-psa:NAME-U2', '62.00');
    first.data.name = name;
    second.data.name = `  ${name.toUpperCase()} `;
    await h.postEvents([first, second, other]);
    for (const e of [first, second, other]) await settled(e.id, 'completed');

    const none = await cli(['erase', '--name', 'Nobody Atall', '--config', configFile()]);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /No record holds that value in a personal field: nothing to erase/);

    const dry = await cli(['erase', '--name', name, '--dry-run', '--config', configFile()]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /Would erase 2 record\(s\):/);
    assert.match(dry.stdout, /resource:test-psa:NAME-U1 \(resource name\)/);
    assert.match(dry.stdout, /resource:other-psa:NAME-U9 \(resource name\)/);

    const ambiguous = await cli(['erase', '--name', name, '--config', configFile()]);
    assert.equal(ambiguous.code, 1, ambiguous.stdout + ambiguous.stderr);
    assert.match(ambiguous.stderr, /2 records hold that value:[\s\S]*--all: nothing was erased/);
    assert.equal((await getEvent(first.id)).event.data['name'], name, 'nothing was erased');

    const both = await cli(['erase', '--name', name, '--all', '--config', configFile()]);
    assert.equal(both.code, 0, both.stdout + both.stderr);
    assert.match(
      both.stdout,
      /Pseudonymised 1 personal values in [1-9]\d* rows \(resource:test-psa:NAME-U1\)/,
    );
    assert.match(both.stdout, /\(resource:other-psa:NAME-U9\)/);
    for (const e of [first, second])
      assert.match(String((await getEvent(e.id)).event.data['name']), /^pseudonym:[0-9a-f]{24}$/);
    assert.equal((await getEvent(other.id)).event.data['name'], other.data.name, 'only the person named');

    const usage = await cli(['erase', '--config', configFile()]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Name whom to erase: --subject ID, or --name NAME/);
  });
});
