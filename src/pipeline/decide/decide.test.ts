// The decision rules, one event at a time and across a batch, with literal expected decisions.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventCatalog, eventNames } from '../../contracts/index.ts';
import type { CanonicalEvent, EventOf, LegalEntity, Project } from '../../contracts/index.ts';
import { exampleEvents } from '../../contracts/export/examples.ts';
import type {
  PostBillableLine,
  PostCost,
  ProvisionProject,
  RevisePostedTime,
  WithdrawPostedTime,
} from '../../connectors/kit/commands.ts';
import type { Decision, MasterRecord, StoredEvent } from '../../store/port.ts';
import { masterKey, xrefKey } from '../../store/port.ts';
import { BatchContext, decideEnvironment, type DecideEnvironment } from './context.ts';
import { contextKeys, decide } from './decide.ts';

const erp = 'sandbox-erp';
const uk: LegalEntity = { id: 'LL-UK', name: 'Ledgerline UK Ltd', country: 'GB', functionalCurrency: 'GBP' };
const env: DecideEnvironment = decideEnvironment({
  erpSystem: erp,
  legalEntities: [uk],
  psaSystems: ['sandbox-psa'],
  psaTargets: ['sandbox-psa'],
});

const projectEvent = exampleEvents.ProjectActivated;
const resourceEvent = exampleEvents.ResourceUpdated;
const timeEvent = exampleEvents.TimeApproved;
const projectId = projectEvent.data.id; // project:sandbox-psa:P-1001
const resourceId = resourceEvent.data.id; // resource:sandbox-psa:R-42
const entryId = timeEvent.data.id; // time-entry:sandbox-psa:T-9001

function stored(event: CanonicalEvent, seq = 7): StoredEvent {
  return {
    seq,
    event,
    state: 'accepted',
    receivedAt: 1_000,
    queue: 'transactional',
    completedAt: null,
    reasonCode: null,
    reason: null,
    replays: 0,
  };
}

const projectRecord: MasterRecord = { kind: 'project', id: projectId, data: projectEvent.data };
const resourceRecord: MasterRecord = { kind: 'resource', id: resourceId, data: resourceEvent.data };

function context(options: { xrefs?: [string, string][]; master?: MasterRecord[] } = {}): BatchContext {
  return new BatchContext({
    canonical: new Map(),
    xrefs: new Map(options.xrefs ?? []),
    master: new Map((options.master ?? []).map((r) => [masterKey(r.kind, r.id), r])),
  });
}

/** The project is provisioned (xref + master data) and the resource known. */
function readyContext(): BatchContext {
  return context({
    xrefs: [[xrefKey(projectId, erp), 'PRJ-000381']],
    master: [projectRecord, resourceRecord],
  });
}

/** The commands of the decision's one delivery. */
function commandsOfDecision(decision: Decision): unknown[] {
  assert.equal(decision.kind, 'deliver');
  if (decision.kind !== 'deliver') assert.fail('not a deliver decision');
  assert.equal(decision.deliveries.length, 1, 'one outbox row per unit of work');
  const [delivery] = decision.deliveries;
  assert.ok(delivery);
  return JSON.parse(delivery.payload) as unknown[];
}

describe('decide ProjectActivated', () => {
  it('delivers provisionProject for a ready project, and remembers it as master data', () => {
    const ctx = context();
    const decision = decide(stored(projectEvent), ctx, env);
    const command: ProvisionProject = {
      kind: 'provisionProject',
      idempotencyKey: 'project:sandbox-psa:P-1001/provision',
      project: projectEvent.data as ProvisionProject['project'],
    };
    assert.deepEqual(decision, {
      seq: 7,
      kind: 'deliver',
      upserts: [{ kind: 'project', id: projectId, data: projectEvent.data }],
      deliveries: [
        {
          target: erp,
          kind: 'provisionProject',
          queue: 'master',
          orderingKey: projectId,
          idempotencyKey: 'project:sandbox-psa:P-1001/provision',
          payload: JSON.stringify([command]),
        },
      ],
    });
    assert.deepEqual(ctx.master('project', projectId)?.data, projectEvent.data);
  });

  it('provisions with the currency enriched from the legal entity', () => {
    const { currency: _currency, ...data } = projectEvent.data;
    const decision = decide(stored({ ...projectEvent, data }), context(), env);
    assert.equal((commandsOfDecision(decision)[0] as ProvisionProject).project.currency, 'GBP');
  });

  it('rejects an incomplete project naming every missing field', () => {
    const {
      legalEntityId: _l,
      currency: _c,
      taxTreatment: _t,
      billingModel: _b,
      ...rest
    } = projectEvent.data;
    const data: Project = rest;
    const ctx = context();
    assert.deepEqual(decide(stored({ ...projectEvent, data }), ctx, env), {
      seq: 7,
      kind: 'reject',
      reasonCode: 'readiness.project_incomplete',
      reason:
        'Project project:sandbox-psa:P-1001 cannot be provisioned in the ERP: legalEntityId is missing; ' +
        'currency is missing and no legal entity supplies one; taxTreatment is missing; billingModel is missing. ' +
        'Complete the project in the PSA (or the legal entity in the config) and it will be retried.',
      detail: {
        projectId,
        missing: [
          { field: 'legalEntityId', problem: 'is missing' },
          { field: 'currency', problem: 'is missing and no legal entity supplies one' },
          { field: 'taxTreatment', problem: 'is missing' },
          { field: 'billingModel', problem: 'is missing' },
        ],
      },
    });
    assert.equal(ctx.master('project', projectId), undefined, 'an incomplete project is not remembered');
  });

  it('completes an already provisioned project, refreshing its master data', () => {
    const ctx = context({ xrefs: [[xrefKey(projectId, erp), 'PRJ-000381']] });
    assert.deepEqual(decide(stored(projectEvent), ctx, env), {
      seq: 7,
      kind: 'complete',
      note: 'already provisioned in sandbox-erp as PRJ-000381',
      upserts: [{ kind: 'project', id: projectId, data: projectEvent.data }],
    });
  });

  it('completes an already provisioned project even if it is incomplete now', () => {
    const { billingModel: _b, ...data } = projectEvent.data;
    const ctx = context({ xrefs: [[xrefKey(projectId, erp), 'PRJ-000381']] });
    assert.equal(decide(stored({ ...projectEvent, data }), ctx, env).kind, 'complete');
  });
});

describe('decide TimeApproved', () => {
  it('parks until the project is provisioned when there is no project xref', () => {
    const ctx = context({ master: [projectRecord, resourceRecord] });
    assert.deepEqual(decide(stored(timeEvent), ctx, env), {
      seq: 7,
      kind: 'park',
      dependency: {
        kind: 'xref',
        canonicalId: projectId,
        system: erp,
        awaiting: 'awaiting ProjectProvisioned project:sandbox-psa:P-1001',
      },
    });
  });

  it('parks until the resource is known when its master data is missing', () => {
    const ctx = context({ xrefs: [[xrefKey(projectId, erp), 'PRJ-000381']], master: [projectRecord] });
    assert.deepEqual(decide(stored(timeEvent), ctx, env), {
      seq: 7,
      kind: 'park',
      dependency: {
        kind: 'master',
        objectKind: 'resource',
        id: resourceId,
        awaiting: 'awaiting ResourceUpdated resource:sandbox-psa:R-42',
      },
    });
  });

  it('delivers a billable line and a cost in one row, ordered by the project', () => {
    const decision = decide(stored(timeEvent), readyContext(), env);
    assert.equal(decision.kind, 'deliver');
    if (decision.kind !== 'deliver') return;
    assert.deepEqual(
      decision.deliveries.map((d) => [d.target, d.kind, d.orderingKey, d.idempotencyKey]),
      [[erp, 'postTimeEntry', projectId, 'time-entry:sandbox-psa:T-9001/postings']],
    );
    assert.equal(decision.upserts, undefined);
    const base = {
      timeEntryId: entryId,
      projectId,
      projectExternalId: 'PRJ-000381',
      resourceId,
      workDate: '2026-03-02',
      hours: '7.5',
    };
    const line: PostBillableLine = {
      kind: 'postBillableLine',
      idempotencyKey: 'time-entry:sandbox-psa:T-9001/billable-line',
      ...base,
      rate: { amount: '133.33', currency: 'GBP' },
      amount: { amount: '999.98', currency: 'GBP' },
      description: 'Close process workshop',
      // No booking: on the work date in LL-UK's own currency at 1, which the ERP assumes.
    };
    const cost: PostCost = {
      kind: 'postCost',
      idempotencyKey: 'time-entry:sandbox-psa:T-9001/cost',
      ...base,
      costRate: { amount: '62.50', currency: 'GBP' },
      amount: { amount: '468.75', currency: 'GBP' },
    };
    assert.deepEqual(commandsOfDecision(decision), [line, cost]);
  });

  it('rejects time it cannot price, naming the entry', () => {
    const event: EventOf<'TimeApproved'> = {
      ...timeEvent,
      data: { ...timeEvent.data, billRate: { amount: '150.00', currency: 'EUR' } },
    };
    assert.deepEqual(decide(stored(event), readyContext(), env), {
      seq: 7,
      kind: 'reject',
      reasonCode: 'mapping.currency_mismatch',
      reason:
        'time entry time-entry:sandbox-psa:T-9001 is priced in EUR but project project:sandbox-psa:P-1001 bills in GBP',
      detail: { timeEntryId: entryId },
    });
  });
});

describe('decide within one batch', () => {
  it('a ResourceUpdated earlier in the batch is seen by a later TimeApproved', () => {
    const ctx = context({ xrefs: [[xrefKey(projectId, erp), 'PRJ-000381']], master: [projectRecord] });
    const decisions = [stored(resourceEvent, 1), stored(timeEvent, 2)].map((e) => decide(e, ctx, env));
    assert.deepEqual(decisions[0], {
      seq: 1,
      kind: 'complete',
      note: 'resource master data updated',
      upserts: [resourceRecord],
    });
    assert.equal(decisions[1]?.kind, 'deliver');
    assert.equal(decisions[1]?.seq, 2);
  });

  it('the same events in the other order park the time entry', () => {
    const ctx = context({ xrefs: [[xrefKey(projectId, erp), 'PRJ-000381']], master: [projectRecord] });
    const decisions = [stored(timeEvent, 1), stored(resourceEvent, 2)].map((e) => decide(e, ctx, env));
    assert.deepEqual(
      decisions.map((d) => d.kind),
      ['park', 'complete'],
    );
  });

  it('a project activated earlier in the batch is not yet provisioned for a later TimeApproved', () => {
    const ctx = context({ master: [resourceRecord] });
    const decisions = [stored(projectEvent, 1), stored(timeEvent, 2)].map((e) => decide(e, ctx, env));
    assert.equal(decisions[0]?.kind, 'deliver');
    assert.equal(decisions[1]?.kind, 'park');
  });
});

describe('decide TimeRevised and TimeWithdrawn', () => {
  const revised = exampleEvents.TimeRevised; // T-9001 now 6 h at 133.33 GBP
  const withdrawn = exampleEvents.TimeWithdrawn; // T-9002 deleted

  it('plans the revised entry again and sends it as one revision, after earlier postings (project lane)', () => {
    const decision = decide(stored(revised), readyContext(), env);
    const command: RevisePostedTime = {
      kind: 'revisePostedTime',
      idempotencyKey: `${entryId}/revision/evt-1004`,
      timeEntryId: entryId,
      projectId,
      projectExternalId: 'PRJ-000381',
      resourceId,
      workDate: '2026-03-02',
      hours: '6',
      billable: {
        rate: { amount: '133.33', currency: 'GBP' },
        amount: { amount: '799.98', currency: 'GBP' },
        description: 'Close process workshop (corrected: 6 h, not 7.5)',
      },
      cost: { costRate: { amount: '62.50', currency: 'GBP' }, amount: { amount: '375.00', currency: 'GBP' } },
    };
    assert.deepEqual(commandsOfDecision(decision), [command]);
    assert.ok(decision.kind === 'deliver');
    assert.equal(decision.deliveries[0]?.kind, 'revisePostedTime');
    assert.equal(decision.deliveries[0]?.orderingKey, projectId);
    assert.equal(decision.deliveries[0]?.queue, 'transactional');
  });

  it('a revision to non-billable time sends the cost only', () => {
    const nonBillable = { ...revised, data: { ...revised.data, billable: false } };
    const [command] = commandsOfDecision(
      decide(stored(nonBillable), readyContext(), env),
    ) as RevisePostedTime[];
    assert.equal(command?.billable, undefined);
    assert.deepEqual(command?.cost.amount, { amount: '375.00', currency: 'GBP' });
  });

  it('removes the postings of a withdrawn entry, keyed by the withdrawal', () => {
    const withdrawnEntry = withdrawn.data.timeEntryId;
    const command: WithdrawPostedTime = {
      kind: 'withdrawPostedTime',
      idempotencyKey: `${withdrawnEntry}/withdrawal/evt-1005`,
      timeEntryId: withdrawnEntry,
      projectId,
      projectExternalId: 'PRJ-000381',
      reason: 'deleted',
    };
    const decision = decide(stored(withdrawn), readyContext(), env);
    assert.deepEqual(commandsOfDecision(decision), [command]);
    assert.ok(decision.kind === 'deliver');
    assert.equal(decision.deliveries[0]?.orderingKey, projectId);
  });

  it('both wait, like the approval, until the project is in the ERP', () => {
    for (const event of [revised, withdrawn]) {
      const decision = decide(stored(event), context({ master: [projectRecord, resourceRecord] }), env);
      assert.equal(decision.kind, 'park', event.type);
      assert.ok(decision.kind === 'park');
      assert.equal(decision.dependency.kind, 'xref');
    }
  });
});

describe('decide other events', () => {
  it('records confirmations without routing them', () => {
    const confirmations = eventNames.filter((n) => eventCatalog[n].direction === 'confirmation');
    assert.equal(confirmations.length, 9);
    for (const name of confirmations) {
      assert.deepEqual(decide(stored(exampleEvents[name]), context(), env), {
        seq: 7,
        kind: 'complete',
        note: 'confirmation recorded',
      });
    }
  });

  it('rejects the quote-to-cash events no workflow handles yet, naming the type', () => {
    const unhandled = ['BillingScheduleReleased'] as const;
    for (const name of unhandled) {
      const type = eventCatalog[name].type;
      assert.deepEqual(decide(stored(exampleEvents[name]), context(), env), {
        seq: 7,
        kind: 'reject',
        reasonCode: 'workflow.not_configured',
        reason: `no workflow handles ${type} yet`,
      });
    }
  });

  it('rejects an event type it has no rule for', () => {
    const unknown = { ...resourceEvent, type: 'io.ledgerline.invoice.sent.v1' } as unknown as CanonicalEvent;
    assert.deepEqual(decide(stored(unknown), context(), env), {
      seq: 7,
      kind: 'reject',
      reasonCode: 'intake.unknown_type',
      reason: 'no rule for event type io.ledgerline.invoice.sent.v1',
    });
  });
});

describe('contextKeys', () => {
  it('asks for the project xrefs and the master data a batch needs, once each', () => {
    const other: EventOf<'TimeApproved'> = {
      ...timeEvent,
      id: 'evt-1004',
      data: { ...timeEvent.data, id: 'time-entry:sandbox-psa:T-9002' },
    };
    const keys = contextKeys(
      [stored(projectEvent), stored(resourceEvent), stored(timeEvent), stored(other)],
      env,
    );
    assert.deepEqual(keys, {
      xrefs: ['project:sandbox-psa:P-1001|sandbox-erp'],
      master: [
        'project|project:sandbox-psa:P-1001',
        'resource|resource:sandbox-psa:R-42',
        // Booking: LL-UK's closed periods and tax rates, and the rates into GBP.
        'periods|LL-UK',
        'tax-rates|LL-UK',
        'fx-rates|GBP',
      ],
      // Which master customer the PSA's client was written for, if any.
      canonical: ['customer|sandbox-psa|C-17'],
    });
  });
});

describe('contextKeys covers what each rule reads', () => {
  it('deciding from the loaded keys equals deciding from the whole store, for every inbound event', () => {
    const xrefs = new Map([[xrefKey(projectId, erp), 'PRJ-000381']]);
    const master = new Map([projectRecord, resourceRecord].map((r) => [masterKey(r.kind, r.id), r]));
    const whole = () => new BatchContext({ xrefs, master, canonical: new Map() });
    for (const name of eventNames.filter((n) => eventCatalog[n].direction === 'inbound')) {
      const event = stored(exampleEvents[name]);
      const keys = contextKeys([event], env);
      const loaded = new BatchContext({
        xrefs: new Map([...xrefs].filter(([k]) => keys.xrefs.includes(k))),
        master: new Map([...master].filter(([k]) => keys.master.includes(k))),
        canonical: new Map(),
      });
      // A rule reading a key that was not loaded would park on a dependency that already holds.
      assert.deepEqual(decide(event, loaded, env), decide(event, whole(), env), name);
    }
  });
});
