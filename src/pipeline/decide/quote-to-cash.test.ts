// The governed quote-to-cash rules: customers from the ERP to the PSA, invoices and payments back to the
// PSA, expenses to the ERP; writes from a system that does not own the data are governance conflicts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalEvent, EventOf } from '../../contracts/index.ts';
import { exampleEvents } from '../../contracts/export/examples.ts';
import type { Decision, MasterRecord, StoredEvent } from '../../store/port.ts';
import { masterKey, xrefKey } from '../../store/port.ts';
import { commandsOf } from '../command-payload.ts';
import { BatchContext, decideEnvironment } from './context.ts';
import { decide } from './decide.ts';

const erp = 'sandbox-erp';
const psa = 'sandbox-psa';
const env = decideEnvironment({
  erpSystem: erp,
  legalEntities: [{ id: 'LL-UK', name: 'Ledgerline UK Ltd', country: 'GB', functionalCurrency: 'GBP' }],
  psaSystems: [psa],
  psaTargets: [psa],
});

function stored(event: CanonicalEvent): StoredEvent {
  return {
    seq: 3,
    event,
    queue: 'master',
    state: 'accepted',
    receivedAt: 1_000,
    completedAt: null,
    reasonCode: null,
    reason: null,
    replays: 0,
  };
}

function context(master: MasterRecord[] = [], xrefs: [string, string][] = []): BatchContext {
  return new BatchContext({
    canonical: new Map(),
    xrefs: new Map(xrefs),
    master: new Map(master.map((r) => [masterKey(r.kind, r.id), r])),
  });
}

function sent(decision: Decision): { target: string; kind: string; commands: unknown[] }[] {
  assert.equal(decision.kind, 'deliver', JSON.stringify(decision));
  if (decision.kind !== 'deliver') return [];
  return decision.deliveries.map((d) => ({ target: d.target, kind: d.kind, commands: commandsOf(d) }));
}

const customer = exampleEvents.CustomerCreated.data;
const fromErp = <T extends CanonicalEvent>(event: T): T => ({ ...event, source: erp });

describe('customer master (ERP is the system of record)', () => {
  it('sends a customer created in the ERP to the PSA and remembers it', () => {
    const event = fromErp(exampleEvents.CustomerCreated);
    const decision = decide(stored(event), context(), env);
    assert.deepEqual(sent(decision), [
      {
        target: psa,
        kind: 'upsertCustomer',
        commands: [{ kind: 'upsertCustomer', idempotencyKey: `${customer.id}/${erp}/${event.id}`, customer }],
      },
    ]);
    assert.equal(decision.kind === 'deliver' ? decision.deliveries[0]?.queue : '', 'master');
  });

  it('refuses a PSA changing the legal name the ERP owns, as a governance conflict', () => {
    const known: MasterRecord = { kind: 'customer', id: customer.id, data: customer };
    const event: EventOf<'CustomerUpdated'> = {
      ...exampleEvents.CustomerUpdated,
      source: psa,
      data: { ...customer, legalName: 'Acme Renamed plc' },
    };
    const decision = decide(stored(event), context([known]), env);
    assert.equal(decision.kind, 'reject');
    if (decision.kind !== 'reject') return;
    assert.equal(decision.reasonCode, 'governance.not_owner');
    assert.match(decision.reason, /^governance conflict: customer legalName is owned by sandbox-erp/);
    assert.match(decision.reason, /sandbox-psa may not change it/);
    assert.deepEqual(decision.detail, {
      domain: 'customer',
      writer: psa,
      owners: [erp],
      refusedFields: ['legalName'],
    });
  });

  it('completes without sending anything when nothing changed', () => {
    const known: MasterRecord = { kind: 'customer', id: customer.id, data: customer };
    const event = fromErp({ ...exampleEvents.CustomerUpdated, data: customer });
    assert.deepEqual(decide(stored(event), context([known]), env), {
      seq: 3,
      kind: 'complete',
      note: 'no field changed',
    });
  });
});

describe('invoices and payments back to the PSA', () => {
  const invoiceEvent = fromErp(exampleEvents.InvoiceIssued);
  const invoice = invoiceEvent.data;

  it('records the invoice number and status on the project in the PSA that holds it', () => {
    const [delivery] = sent(decide(stored(invoiceEvent), context(), env));
    assert.equal(delivery?.target, psa);
    assert.deepEqual(delivery?.commands, [
      {
        kind: 'recordInvoiceStatus',
        idempotencyKey: `${invoice.id}/${erp}/${invoiceEvent.id}`,
        invoice,
        projectExternalId: invoice.projectId.split(':')[2],
      },
    ]);
  });

  it('parks a payment until its invoice is known, then sends it with the invoice number', () => {
    const payment = fromErp(exampleEvents.PaymentReceived);
    assert.deepEqual(decide(stored(payment), context(), env), {
      seq: 3,
      kind: 'park',
      dependency: {
        kind: 'master',
        objectKind: 'invoice',
        id: invoice.id,
        awaiting: `awaiting InvoiceIssued ${invoice.id}`,
      },
    });
    const known: MasterRecord = { kind: 'invoice', id: invoice.id, data: invoice };
    const [delivery] = sent(decide(stored(payment), context([known]), env));
    assert.deepEqual(delivery?.commands, [
      {
        kind: 'recordPayment',
        idempotencyKey: `${payment.data.id}/${erp}/${payment.id}`,
        payment: payment.data,
        invoiceNumber: invoice.number,
        projectExternalId: invoice.projectId.split(':')[2],
      },
    ]);
  });

  it('completes an invoice and its payment with a note when the PSA holding the project takes no commands', () => {
    // A PSA that is read from only (Xero Projects): the invoice and payment stay in the ERP.
    const readOnly = decideEnvironment({
      erpSystem: erp,
      legalEntities: [{ id: 'LL-UK', name: 'Ledgerline UK Ltd', country: 'GB', functionalCurrency: 'GBP' }],
      psaSystems: [psa],
      psaTargets: [],
    });
    const onInvoice = decide(stored(invoiceEvent), context(), readOnly);
    assert.equal(onInvoice.kind, 'complete');
    assert.match(onInvoice.kind === 'complete' ? (onInvoice.note ?? '') : '', /takes no invoice status/);
    assert.deepEqual(onInvoice.kind === 'complete' ? onInvoice.upserts : [], [
      { kind: 'invoice', id: invoice.id, data: invoice },
    ]);
    const known: MasterRecord = { kind: 'invoice', id: invoice.id, data: invoice };
    const onPayment = decide(stored(fromErp(exampleEvents.PaymentReceived)), context([known]), readOnly);
    assert.equal(onPayment.kind, 'complete');
    // A project of no configured PSA at all is still a routing failure.
    const unknown = decideEnvironment({
      erpSystem: erp,
      legalEntities: [{ id: 'LL-UK', name: 'Ledgerline UK Ltd', country: 'GB', functionalCurrency: 'GBP' }],
      psaSystems: ['other-psa'],
      psaTargets: [],
    });
    const lost = decide(stored(invoiceEvent), context(), unknown);
    assert.equal(lost.kind === 'reject' ? lost.reasonCode : lost.kind, 'routing.no_psa_for_project');
  });

  it('refuses an invoice from a system that does not own invoices', () => {
    const decision = decide(stored({ ...invoiceEvent, source: psa }), context(), env);
    assert.equal(decision.kind === 'reject' ? decision.reasonCode : decision.kind, 'governance.not_owner');
  });

  it('refuses an invoice for a project no configured PSA holds, naming the project', () => {
    const elsewhere = { ...invoiceEvent, data: { ...invoice, projectId: 'project:other-psa:P-9' } };
    const decision = decide(stored(elsewhere), context(), env);
    assert.equal(decision.kind, 'reject');
    if (decision.kind === 'reject') {
      assert.equal(decision.reasonCode, 'routing.no_psa_for_project');
      assert.match(decision.reason, /project:other-psa:P-9/);
    }
  });
});

describe('expenses to the ERP', () => {
  const event = { ...exampleEvents.ExpenseApproved, source: psa };
  const expense = event.data;

  it('parks an expense until its project is in the ERP, then posts it keyed by the expense', () => {
    const parked = decide(stored(event), context(), env);
    assert.equal(parked.kind, 'park');
    const project: MasterRecord = {
      kind: 'project',
      id: expense.projectId,
      data: exampleEvents.ProjectActivated.data,
    };
    const [delivery] = sent(
      decide(stored(event), context([project], [[xrefKey(expense.projectId, erp), 'PRJ-7']]), env),
    );
    assert.equal(delivery?.target, erp);
    // Booked in LL-UK's own currency on its date at 1: nothing to say, so no booking is sent.
    assert.deepEqual(delivery?.commands, [
      {
        kind: 'postExpense',
        idempotencyKey: `${expense.id}/posting`,
        expense,
        projectExternalId: 'PRJ-7',
      },
    ]);
  });

  it('refuses an expense in another currency than its project books in, naming both', () => {
    const project: MasterRecord = {
      kind: 'project',
      id: expense.projectId,
      data: { ...exampleEvents.ProjectActivated.data, id: expense.projectId, currency: 'EUR' },
    };
    const decision = decide(
      stored(event),
      context([project], [[xrefKey(expense.projectId, erp), 'PRJ-7']]),
      env,
    );
    assert.equal(decision.kind, 'reject');
    if (decision.kind !== 'reject') return;
    assert.equal(decision.reasonCode, 'expense.currency_mismatch');
    assert.match(decision.reason, /is in GBP but project .* books in EUR/);
  });

  it('refuses an expense written by the ERP, which does not own expenses', () => {
    const decision = decide(stored({ ...event, source: erp }), context(), env);
    assert.equal(decision.kind === 'reject' ? decision.reasonCode : decision.kind, 'governance.not_owner');
  });
});

describe('projects for clients written from the customer master', () => {
  it("provision the project for the master's customer, so the ERP bills the party it knows", () => {
    const event = exampleEvents.ProjectActivated; // customer:sandbox-psa:C-17
    const ctx = new BatchContext({
      xrefs: new Map(),
      master: new Map(),
      canonical: new Map([['customer|sandbox-psa|C-17', 'customer:sandbox-erp:ACME']]),
    });
    const [delivery] = sent(decide(stored(event), ctx, env));
    const [command] = (delivery?.commands ?? []) as { project: { customerId?: string } }[];
    assert.equal(command?.project.customerId, 'customer:sandbox-erp:ACME');
    const unknown = sent(decide(stored(event), context(), env));
    const [own] = (unknown[0]?.commands ?? []) as { project: { customerId?: string } }[];
    assert.equal(own?.project.customerId, 'customer:sandbox-psa:C-17', 'a client made in the PSA stays');
  });
});

describe('milestone billing', () => {
  const event = { ...exampleEvents.MilestoneCompleted, source: psa };
  const milestone = event.data;
  const project = (billingModel: 'fixed-fee' | 'time-and-materials'): MasterRecord => ({
    kind: 'project',
    id: milestone.projectId,
    data: { ...exampleEvents.ProjectActivated.data, id: milestone.projectId, billingModel },
  });
  const provisioned: [string, string][] = [[xrefKey(milestone.projectId, erp), 'PRJ-9']];

  it('releases the billing item of a completed milestone on a fixed-fee project', () => {
    const [delivery] = sent(decide(stored(event), context([project('fixed-fee')], provisioned), env));
    assert.equal(delivery?.target, erp);
    assert.deepEqual(delivery?.commands, [
      {
        kind: 'releaseBillingItem',
        idempotencyKey: `${milestone.id}/release`,
        milestoneId: milestone.id,
        billingItemId: 'billing-schedule-item:sandbox-psa:M-5',
        projectId: milestone.projectId,
        projectExternalId: 'PRJ-9',
        amount: milestone.amount,
        description: milestone.name,
        // Booked in LL-UK's GBP on the day it was completed, at 1; sent, as a release has no other date.
        booking: {
          postingDate: '2026-04-28',
          functional: { amount: '30000.00', currency: 'GBP' },
          rate: '1',
          rateDate: '2026-04-28',
          source: 'same currency',
        },
      },
    ]);
  });

  it('refuses milestone billing on a time-and-materials project, naming its billing model', () => {
    const decision = decide(stored(event), context([project('time-and-materials')], provisioned), env);
    assert.equal(
      decision.kind === 'reject' ? decision.reasonCode : decision.kind,
      'billing.milestone_on_time_and_materials',
    );
  });

  it('waits for the project to be provisioned', () => {
    assert.equal(decide(stored(event), context(), env).kind, 'park');
  });
});

describe('project closure through the project lifecycle', () => {
  const event = { ...exampleEvents.ProjectClosed, source: psa };
  const { projectId } = event.data;
  const known = (status?: 'active' | 'closed'): MasterRecord => ({
    kind: 'project',
    id: projectId,
    data: { ...exampleEvents.ProjectActivated.data, id: projectId, ...(status ? { status } : {}) },
  });

  it('closes an active project and records it', () => {
    const decision = decide(stored(event), context([known()], [[xrefKey(projectId, erp), 'PRJ-7']]), env);
    assert.equal(decision.kind, 'deliver');
    if (decision.kind !== 'deliver') return;
    const [record] = decision.upserts ?? [];
    assert.equal(record?.kind === 'project' ? record.data.status : undefined, 'closed');
  });

  it('waits for a project still being provisioned in the ERP, not to lose the closure', () => {
    const decision = decide(stored(event), context([known()]), env);
    assert.equal(decision.kind, 'park');
    if (decision.kind !== 'park') return;
    assert.deepEqual(decision.dependency, {
      kind: 'xref',
      canonicalId: projectId,
      system: erp,
      awaiting: `awaiting ProjectProvisioned ${projectId}`,
    });
  });

  it('refuses closing a closed project, naming its state and what it allows', () => {
    const decision = decide(stored(event), context([known('closed')]), env);
    assert.equal(decision.kind, 'reject');
    if (decision.kind !== 'reject') return;
    assert.equal(decision.reasonCode, 'lifecycle.illegal_transition');
    assert.equal(
      decision.reason,
      `project ${projectId} is closed: close is not allowed; closed allows: reopen -> active`,
    );
  });

  it('waits for a project it has not seen', () => {
    assert.equal(decide(stored(event), context(), env).kind, 'park');
  });

  it('closes a project the ERP holds there too, after what was sent before on the project', () => {
    const decision = decide(stored(event), context([known()], [[xrefKey(projectId, erp), 'PRJ-7']]), env);
    const [delivery] = sent(decision);
    assert.equal(delivery?.kind, 'closeProject');
    assert.deepEqual(delivery.commands, [
      {
        kind: 'closeProject',
        idempotencyKey: `${projectId}/close`,
        projectId,
        projectExternalId: 'PRJ-7',
        closedDate: event.data.closedDate,
      },
    ]);
  });
});

describe('a won deal gets its contract once its project is in the ERP', () => {
  const deal = exampleEvents.OpportunityClosedWon.data;
  const project = {
    ...exampleEvents.ProjectActivated.data,
    customerId: 'customer:sandbox-erp:ACME',
    opportunityId: deal.id,
  };
  const provisioned = (opportunityId?: string): EventOf<'ProjectProvisioned'> => ({
    ...exampleEvents.ProjectProvisioned,
    source: 'ledgerline',
    data: {
      ...exampleEvents.ProjectProvisioned.data,
      ...(opportunityId === undefined ? {} : { opportunityId }),
    },
  });
  const known: MasterRecord[] = [
    { kind: 'project', id: project.id, data: project },
    { kind: 'opportunity', id: deal.id, data: deal },
  ];

  it("creates the contract for the deal's value against the project's ERP id", () => {
    const decision = decide(stored(provisioned(deal.id)), context(known), env);
    const [delivery] = sent(decision);
    assert.equal(delivery?.target, erp);
    assert.equal(delivery.kind, 'createContract');
    assert.deepEqual(delivery.commands, [
      {
        kind: 'createContract',
        idempotencyKey: `contract:${deal.id.slice('opportunity:'.length)}/create`,
        projectExternalId: 'PRJ-000381',
        contract: {
          id: `contract:${deal.id.slice('opportunity:'.length)}`,
          projectId: project.id,
          customerId: 'customer:sandbox-erp:ACME',
          legalEntityId: 'LL-UK',
          opportunityId: deal.id,
          billingModel: 'time-and-materials',
          currency: 'GBP',
          value: deal.amount,
        },
      },
    ]);
  });

  it('records a project that came from no deal, and does nothing twice', () => {
    assert.equal(decide(stored(provisioned()), context(known), env).kind, 'complete');
    const contractId = `contract:${deal.id.slice('opportunity:'.length)}`;
    const again = decide(
      stored(provisioned(deal.id)),
      context(known, [[xrefKey(contractId, erp), 'K-1']]),
      env,
    );
    assert.equal(again.kind, 'complete');
  });

  it('waits for the deal, and refuses a deal in another currency than the project, naming both', () => {
    const waiting = decide(stored(provisioned(deal.id)), context(known.slice(0, 1)), env);
    assert.equal(waiting.kind, 'park');
    const euro = { ...deal, amount: { amount: '100000.00', currency: 'EUR' } };
    const refused = decide(
      stored(provisioned(deal.id)),
      context([known[0] as MasterRecord, { kind: 'opportunity', id: deal.id, data: euro }]),
      env,
    );
    assert.equal(refused.kind, 'reject');
    if (refused.kind === 'reject') {
      assert.equal(refused.reasonCode, 'readiness.contract_incomplete');
      assert.match(refused.reason, /the deal is worth EUR, the project bills GBP/);
    }
  });
});

describe('time the PSA did not price, priced from rate cards', () => {
  const card: EventOf<'RateCardChanged'> = { ...exampleEvents.RateCardChanged, source: psa };
  const project = exampleEvents.ProjectActivated.data;
  const resource = exampleEvents.ResourceUpdated.data;
  const { billRate: _priced, ...entry } = exampleEvents.TimeApproved.data;
  const unpriced: EventOf<'TimeApproved'> = { ...exampleEvents.TimeApproved, data: entry };
  const ready: MasterRecord[] = [
    { kind: 'project', id: project.id, data: project },
    { kind: 'resource', id: resource.id, data: { ...resource, id: entry.resourceId } },
  ];
  const provisioned: [string, string][] = [[xrefKey(project.id, erp), 'PRJ-1']];
  const bookOf = (): MasterRecord => {
    const decision = decide(stored(card), context(), env);
    assert.equal(decision.kind, 'complete', JSON.stringify(decision));
    const [record] = decision.kind === 'complete' ? (decision.upserts ?? []) : [];
    assert.ok(record);
    return record;
  };

  it("records a rate card in its legal entity's book", () => {
    const book = bookOf();
    assert.equal(book.kind, 'rate-card');
    assert.equal(book.id, 'LL-UK');
  });

  it('waits for a rate card, then bills at the rate of the consultant in force on the work date', () => {
    const waiting = decide(stored(unpriced), context(ready, provisioned), env);
    assert.equal(waiting.kind, 'park');
    if (waiting.kind === 'park')
      assert.equal(waiting.dependency.awaiting, 'awaiting RateCardChanged for LL-UK');
    const [delivery] = sent(decide(stored(unpriced), context([...ready, bookOf()], provisioned), env));
    const line = delivery?.commands.find((c) => (c as { kind: string }).kind === 'postBillableLine');
    // R-42 has a line of its own (133.33) besides the role's (150.00): 7.5 h x 133.33.
    assert.deepEqual((line as { rate: unknown; amount: unknown }).rate, {
      amount: '133.33',
      currency: 'GBP',
    });
    assert.deepEqual((line as { amount: unknown }).amount, { amount: '999.98', currency: 'GBP' });
  });

  it('prices by role when the card does not name the consultant, and refuses without either', () => {
    const other = 'resource:sandbox-psa:R-7';
    const byRole = { ...unpriced, data: { ...entry, resourceId: other } };
    const withRole: MasterRecord = { kind: 'resource', id: other, data: { ...resource, id: other } };
    const [delivery] = sent(
      decide(stored(byRole), context([...ready, withRole, bookOf()], provisioned), env),
    );
    const line = delivery?.commands.find((c) => (c as { kind: string }).kind === 'postBillableLine');
    assert.deepEqual((line as { rate: unknown }).rate, { amount: '150.00', currency: 'GBP' });
    const { role: _role, ...roleless } = resource;
    const noRole: MasterRecord = { kind: 'resource', id: other, data: { ...roleless, id: other } };
    const refused = decide(stored(byRole), context([...ready, noRole, bookOf()], provisioned), env);
    assert.equal(refused.kind, 'reject');
    if (refused.kind === 'reject') {
      assert.equal(refused.reasonCode, 'pricing.no_rate');
      assert.match(refused.reason, /has no line for resource:sandbox-psa:R-7, who has no role/);
    }
  });
});

describe('task plans', () => {
  const plan: EventOf<'TaskPlanChanged'> = { ...exampleEvents.TaskPlanChanged, source: psa };

  it("keeps a project's task tree whole as master data", () => {
    const decision = decide(stored(plan), context(), env);
    assert.equal(decision.kind, 'complete', JSON.stringify(decision));
    if (decision.kind === 'complete') {
      assert.deepEqual(decision.upserts, [{ kind: 'task-plan', id: plan.data.projectId, data: plan.data }]);
    }
  });

  it('refuses a tree whose child comes before its parent, naming both', () => {
    const tasks = [...plan.data.tasks].reverse();
    const decision = decide(stored({ ...plan, data: { ...plan.data, tasks } }), context(), env);
    assert.equal(decision.kind, 'reject');
    if (decision.kind === 'reject') {
      assert.equal(decision.reasonCode, 'task_plan.invalid');
      assert.match(decision.reason, /comes before its parent/);
    }
  });
});

describe('customer resync asked for by reconciliation', () => {
  const request = exampleEvents.CustomerResyncRequested;
  const customer = exampleEvents.CustomerCreated.data;
  const known: MasterRecord[] = [{ kind: 'customer', id: request.data.customerId, data: customer }];

  it("writes the master's record to the PSA again, under a key of the request's own", () => {
    const [delivery] = sent(decide(stored(request), context(known), env));
    assert.equal(delivery?.target, psa);
    assert.deepEqual(delivery.commands, [
      {
        kind: 'upsertCustomer',
        idempotencyKey: `${request.data.customerId}/resync/${request.id}`,
        customer,
      },
    ]);
  });

  it('refuses a request from anyone but the reconciler, for an unknown customer or another system', () => {
    const reasons = [
      decide(stored({ ...request, source: psa }), context(known), env),
      decide(stored(request), context(), env),
      decide(stored({ ...request, data: { ...request.data, system: 'elsewhere' } }), context(known), env),
    ].map((d) => (d.kind === 'reject' ? d.reasonCode : d.kind));
    assert.deepEqual(reasons, [
      'governance.not_owner',
      'reconcile.unknown_customer',
      'routing.unknown_target',
    ]);
  });
});
