// validateEvent: accepts every catalogue type and names the exact failing JSON pointers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventCatalog, eventNames } from './events/catalog.ts';
import { exampleEvents } from './export/examples.ts';
import { validateEvent, type FieldError, type ValidationResult } from './validate.ts';

type MutableEvent = Record<string, unknown> & { data: Record<string, unknown> };

/** A deep, mutable copy of a known-good event to break one field at a time. */
function sample(name: keyof typeof exampleEvents): MutableEvent {
  return JSON.parse(JSON.stringify(exampleEvents[name])) as MutableEvent;
}

function failure(result: ValidationResult): { kind: string; errors: readonly FieldError[] } {
  if (result.ok) assert.fail('expected the event to be rejected');
  return result;
}

function pointers(result: ValidationResult): string[] {
  return [...new Set(failure(result).errors.map((e) => e.pointer))].sort();
}

describe('validateEvent', () => {
  for (const name of eventNames) {
    it(`accepts a valid ${eventCatalog[name].type}`, () => {
      const result = validateEvent(sample(name));
      assert.equal(result.ok, true, JSON.stringify(result));
      if (result.ok) assert.equal(result.name, name);
    });
  }

  it('accepts an event with only the required envelope fields', () => {
    const { datacontenttype: _d, correlationid: _c, ...minimal } = sample('ResourceUpdated');
    assert.equal(validateEvent(minimal).ok, true);
  });

  it('reports an unknown type as unknown-type, pointing at /type', () => {
    const result = validateEvent({ ...sample('TimeApproved'), type: 'io.ledgerline.time.deleted.v1' });
    assert.deepEqual(result, {
      ok: false,
      kind: 'unknown-type',
      type: 'io.ledgerline.time.deleted.v1',
      errors: [{ pointer: '/type', message: 'unknown event type "io.ledgerline.time.deleted.v1"' }],
    });
  });

  it('reports values that are not CloudEvents as not-an-event', () => {
    for (const value of [null, 42, 'event', [], {}])
      assert.equal(failure(validateEvent(value)).kind, 'not-an-event');
    const { specversion: _s, ...noVersion } = sample('TimeApproved');
    const result = validateEvent(noVersion);
    assert.equal(failure(result).kind, 'not-an-event');
    assert.deepEqual(pointers(result), ['/specversion']);
    assert.deepEqual(pointers(validateEvent({ ...sample('TimeApproved'), specversion: '0.3' })), [
      '/specversion',
    ]);
  });

  it('names /data/hours when hours is a JSON number', () => {
    const event = sample('TimeApproved');
    event.data.hours = 7.5;
    const result = validateEvent(event);
    assert.equal(failure(result).kind, 'invalid');
    assert.deepEqual(failure(result).errors, [{ pointer: '/data/hours', message: 'must be string' }]);
  });

  it('names /data/hours when hours has more than 2 decimals', () => {
    const event = sample('TimeApproved');
    event.data.hours = '7.125';
    assert.deepEqual(pointers(validateEvent(event)), ['/data/hours']);
  });

  for (const amount of ['12.3.4', '1e3', '0150.00', '1.1234567', '', 150]) {
    it(`names /data/billRate/amount for the bad decimal ${JSON.stringify(amount)}`, () => {
      const event = sample('TimeApproved');
      event.data.billRate = { amount, currency: 'GBP' };
      assert.deepEqual(pointers(validateEvent(event)), ['/data/billRate/amount']);
    });
  }

  it('names a bad currency code and a bad date inside data', () => {
    const event = sample('TimeApproved');
    event.data.billRate = { amount: '100.00', currency: 'gbp' };
    event.data.workDate = '2026-02-30';
    assert.deepEqual(pointers(validateEvent(event)), ['/data/billRate/currency', '/data/workDate']);
  });

  it('names each missing required field with "is required"', () => {
    const event = sample('TimeApproved');
    delete event.data.approvedBy;
    delete event.data.hours;
    delete event.subject;
    // The envelope is checked first, so a missing envelope field is reported on its own.
    const envelope = failure(validateEvent(event));
    assert.equal(envelope.kind, 'not-an-event');
    assert.deepEqual(envelope.errors, [{ pointer: '/subject', message: 'is required' }]);

    event.subject = 'time-entry:sandbox-psa:T-9001';
    const data = failure(validateEvent(event));
    assert.equal(data.kind, 'invalid');
    assert.deepEqual(
      [...data.errors].sort((a, b) => a.pointer.localeCompare(b.pointer)),
      [
        { pointer: '/data/approvedBy', message: 'is required' },
        { pointer: '/data/hours', message: 'is required' },
      ],
    );
  });

  it('names unknown extra fields in data and in the envelope', () => {
    const event = sample('ProjectActivated');
    event.data.colour = 'blue';
    event.partition = 'p1';
    const result = failure(validateEvent(event));
    assert.equal(result.kind, 'invalid');
    assert.deepEqual(
      [...result.errors].sort((a, b) => a.pointer.localeCompare(b.pointer)),
      [
        { pointer: '/data/colour', message: 'is not a known field' },
        { pointer: '/partition', message: 'is not a known field' },
      ],
    );
  });

  it('names unknown fields inside nested money', () => {
    const event = sample('ResourceUpdated');
    event.data.costRate = { amount: '62.50', currency: 'GBP', rounding: 'up' };
    assert.deepEqual(failure(validateEvent(event)).errors, [
      { pointer: '/data/costRate/rounding', message: 'is not a known field' },
    ]);
  });

  it('names the failing posting by index', () => {
    const event = sample('TimePosted');
    const postings = event.data.postings as Array<Record<string, unknown>>;
    postings[1] = { ...postings[1], amount: { amount: '468.750.0', currency: 'GBP' }, kind: 'refund' };
    assert.deepEqual(pointers(validateEvent(event)), [
      '/data/postings/1/amount/amount',
      '/data/postings/1/kind',
    ]);
  });

  it('rejects a confirmation with no postings', () => {
    const event = sample('TimePosted');
    event.data.postings = [];
    assert.deepEqual(pointers(validateEvent(event)), ['/data/postings']);
  });

  it('rejects an enum value outside the contract', () => {
    const event = sample('ProjectActivated');
    event.data.billingModel = 'pro-bono';
    assert.deepEqual(pointers(validateEvent(event)), ['/data/billingModel']);
  });

  it('rejects a payload of another event type', () => {
    const event = sample('ProjectProvisioned');
    event.data = sample('ResourceUpdated').data;
    assert.deepEqual(pointers(validateEvent(event)), [
      '/data/costRate',
      '/data/externalId',
      '/data/id',
      '/data/name',
      '/data/projectId',
      '/data/role',
      '/data/system',
    ]);
  });
});

describe('validateEvent on the quote-to-cash contracts', () => {
  it('requires an issued invoice to have its number and refuses a draft status', () => {
    const event = sample('InvoiceIssued');
    delete event.data.number;
    event.data.status = 'draft';
    assert.deepEqual(pointers(validateEvent(event)), ['/data/number', '/data/status']);
  });

  it('names the failing invoice line and total by index and field', () => {
    const event = sample('InvoiceIssued');
    const lines = event.data.lines as Array<Record<string, unknown>>;
    lines[0] = { ...lines[0], quantity: 1, tax: { amount: '6000.00', currency: 'gbp' } };
    event.data.totals = {
      net: { amount: '30000.00', currency: 'GBP' },
      tax: { amount: '6000.00', currency: 'GBP' },
    };
    assert.deepEqual(pointers(validateEvent(event)), [
      '/data/lines/0/quantity',
      '/data/lines/0/tax/currency',
      '/data/totals/gross',
    ]);
  });

  it('takes a rate card line for a role or for a resource, not both', () => {
    const event = sample('RateCardChanged');
    const lines = event.data.lines as Array<Record<string, unknown>>;
    lines[0] = { ...lines[0], resourceId: 'resource:sandbox-psa:R-7' };
    assert.deepEqual(pointers(validateEvent(event)), [
      '/data/lines/0',
      '/data/lines/0/resourceId',
      '/data/lines/0/role',
    ]);
  });

  it('refuses an expense category outside the closed list and an amount as a number', () => {
    const event = sample('ExpenseApproved');
    event.data.category = 'entertainment';
    event.data.amount = { amount: 142.6, currency: 'GBP' };
    assert.deepEqual(pointers(validateEvent(event)), ['/data/amount/amount', '/data/category']);
  });

  it('refuses reference codes with surrounding whitespace', () => {
    const event = sample('OpportunityClosedWon');
    event.data.taxCode = 'VAT20 ';
    assert.deepEqual(pointers(validateEvent(event)), ['/data/taxCode']);
  });

  it('refuses fractional payment terms and an address without lines', () => {
    const event = sample('CustomerCreated');
    event.data.paymentTermsDays = 30.5;
    event.data.billingAddress = { lines: [], city: 'London', country: 'GB' };
    assert.deepEqual(pointers(validateEvent(event)), [
      '/data/billingAddress/lines',
      '/data/paymentTermsDays',
    ]);
  });

  it('takes planned hours beyond a day, with at most 2 decimals', () => {
    const event = sample('TaskPlanChanged');
    const tasks = event.data.tasks as Array<Record<string, unknown>>;
    tasks[0] = { ...tasks[0], plannedHours: '1250.75' };
    assert.equal(validateEvent(event).ok, true);
    tasks[0] = { ...tasks[0], plannedHours: '1250.755' };
    assert.deepEqual(pointers(validateEvent(event)), ['/data/tasks/0/plannedHours']);
  });

  it('refuses a billing schedule release without items', () => {
    const event = sample('BillingScheduleReleased');
    event.data.items = [];
    assert.deepEqual(pointers(validateEvent(event)), ['/data/items']);
  });

  it('still accepts a project with none of the new optional fields', () => {
    const event = sample('ProjectActivated');
    event.data = { id: 'project:sandbox-psa:P-9', code: 'P-9', name: 'Bare project' };
    assert.equal(validateEvent(event).ok, true);
    event.data.status = 'paused';
    assert.deepEqual(pointers(validateEvent(event)), ['/data/status']);
  });
});
