// Masking per role (issue 8): the routes that return payloads hide the fields the contracts mark sensitive
// from principals that may not see them (viewer, operator), and show them to admin, finance and auditor
// and where authentication is off. The principal is set by a test-only onRequest hook, as authentication
// will set it; the routes and the store are the service's own.
import { peopleFrom } from '../../src/security/people.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { useHarness } from '../support/harness.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { registerGetEvent } from '../../src/api/routes/get-event.ts';
import { registerOpenApi } from '../../src/api/openapi/register-openapi.ts';
import { registerAdminApi } from '../../src/api/admin/register-admin.ts';
import { isRole, type Role } from '../../src/security/principal.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { Writable } from 'node:stream';

interface EventBody {
  event: { data: Record<string, unknown> };
}

describe('masking sensitive fields per role', () => {
  const h = useHarness();
  const { settled } = eventViews(() => h);
  let app: FastifyInstance;
  let resourceEvent = '';
  let timeEvent = '';

  before(async () => {
    const project = readyProject('project:test-psa:MASK-1');
    const resource = resourceUpdated('resource:test-psa:MASK-U1', '77.10');
    resource.data.name = 'Ada Lovelace';
    const time = timeApproved('time:test-psa:MASK-T1', project.data.id, resource.data.id);
    time.data.approvedBy = 'grace.hopper@example.com';
    resourceEvent = resource.id;
    timeEvent = time.id;
    await h.postEvents([project, resource]);
    await settled(resource.id, 'completed');
    await h.postEvents(time);
    await settled(time.id, 'completed');

    app = Fastify();
    app.addHook('onRequest', (request, _reply, done) => {
      const roles = request.headers['x-test-roles'];
      if (typeof roles === 'string')
        request.principal = { id: 'test', roles: roles.split(',').filter(isRole), via: 'api-key' };
      done();
    });
    await registerOpenApi(app, 'test');
    registerGetEvent(app, h.service.store);
    registerAdminApi(app, h.service.store, h.service.pipeline, peopleFrom(undefined));
    await app.ready();
  });
  after(() => app.close());

  const getAs = async (url: string, roles?: Role[]) => {
    const response = await app.inject({
      method: 'GET',
      url,
      headers: roles === undefined ? {} : { 'x-test-roles': roles.join(',') },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<unknown>();
  };

  for (const roles of [['viewer'], ['operator']] satisfies Role[][])
    it(`hides names, cost rates and approvers from ${roles.join('+')}`, async () => {
      const resource = (await getAs(`/v1/events/${resourceEvent}`, roles)) as EventBody;
      assert.equal(resource.event.data['name'], '[masked: personal]');
      assert.equal(resource.event.data['costRate'], '[masked: financial]');
      assert.equal(resource.event.data['id'], 'resource:test-psa:MASK-U1', 'ids stay visible');
      const lineage = (await getAs(`/v1/admin/lineage?q=${timeEvent}`, roles)) as EventBody & {
        stages: { detail: string }[];
      };
      assert.equal(lineage.event.data['approvedBy'], '[masked: personal]');
      assert.equal(lineage.event.data['hours'], '7.5');
      assert.ok(!JSON.stringify(lineage).includes('grace.hopper'), 'the approver shows in a stage');
    });

  for (const roles of [['admin'], ['finance'], ['auditor'], ['viewer', 'finance'], undefined])
    it(`shows them to ${roles?.join('+') ?? 'everyone when authentication is off'}`, async () => {
      const resource = (await getAs(`/v1/events/${resourceEvent}`, roles as Role[] | undefined)) as EventBody;
      assert.equal(resource.event.data['name'], 'Ada Lovelace');
      assert.deepEqual(resource.event.data['costRate'], { amount: '77.10', currency: 'GBP' });
      const lineage = (await getAs(
        `/v1/admin/lineage?q=${timeEvent}`,
        roles as Role[] | undefined,
      )) as EventBody;
      assert.equal(lineage.event.data['approvedBy'], 'grace.hopper@example.com');
    });

  it('keeps them out of log lines', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const log = createLogger('info', { destination });
    log.info(
      { event: { data: { costRate: { amount: '77.10' }, approvedBy: 'grace.hopper@example.com' } } },
      'x',
    );
    log.flush();
    const line = lines.join('');
    assert.ok(line.includes('"x"') || line.includes('x'), 'the line was written');
    assert.ok(!line.includes('77.10') && !line.includes('grace.hopper'), line);
  });
});
