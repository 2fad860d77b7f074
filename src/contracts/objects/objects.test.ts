// The canonical objects that no event carries whole yet: each compiles under strict ajv, accepts a
// realistic sample and refuses a typical mistake, so the first workflow to use one inherits a tested schema.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import { BillingEvent } from './billing-event.ts';
import { BillingSchedule } from './billing-schedule.ts';
import { Contract } from './contract.ts';
import { sensitiveKeyword } from '../sensitivity/mark.ts';
import { Invoice } from './invoice.ts';
import { CostCentre, Currency, Department, TaxCode } from './reference-dimensions.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM (as in validate.ts).
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function validator(schema: TSchema) {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword(sensitiveKeyword);
  const validate = ajv.compile(schema);
  return (value: unknown): string[] =>
    validate(value) ? [] : (validate.errors ?? []).map((e) => e.instancePath);
}

const gbp = (amount: string) => ({ amount, currency: 'GBP' });

const draftInvoice = {
  id: 'invoice:sandbox-erp:SI-9921',
  customerId: 'customer:sandbox-crm:A-17',
  projectId: 'project:sandbox-psa:P-1001',
  legalEntityId: 'LL-UK',
  currency: 'GBP',
  lines: [
    {
      description: 'Consulting, March',
      quantity: '7.5',
      unitPrice: gbp('133.33'),
      net: gbp('999.98'),
      taxCode: 'VAT20',
      tax: gbp('200.00'),
    },
  ],
  totals: { net: gbp('999.98'), tax: gbp('200.00'), gross: gbp('1199.98') },
  status: 'draft',
};

describe('canonical objects outside the event catalogue', () => {
  it('accepts a draft invoice without number or dates, and refuses an unknown status', () => {
    const check = validator(Invoice);
    assert.deepEqual(check(draftInvoice), []);
    assert.deepEqual(check({ ...draftInvoice, status: 'sent' }).includes('/status'), true);
  });

  it('accepts a contract and refuses its value as a JSON number', () => {
    const check = validator(Contract);
    const contract = {
      id: 'contract:sandbox-crm:O-311',
      projectId: 'project:sandbox-psa:P-1002',
      customerId: 'customer:sandbox-crm:A-17',
      legalEntityId: 'LL-UK',
      opportunityId: 'opportunity:sandbox-crm:O-311',
      billingModel: 'fixed-fee',
      currency: 'GBP',
      value: gbp('120000.00'),
    };
    assert.deepEqual(check(contract), []);
    assert.deepEqual(check({ ...contract, value: { amount: 120000, currency: 'GBP' } }), ['/value/amount']);
  });

  it('accepts a billing schedule and refuses an item without a date', () => {
    const check = validator(BillingSchedule);
    const item = {
      id: 'billing-schedule-item:sandbox-psa:BS-311-1',
      milestoneId: 'milestone:sandbox-psa:M-5',
      billingDate: '2026-04-30',
      amount: gbp('30000.00'),
      status: 'scheduled',
    };
    const schedule = {
      id: 'billing-schedule:sandbox-psa:BS-311',
      contractId: 'contract:sandbox-crm:O-311',
      projectId: 'project:sandbox-psa:P-1002',
      items: [item],
    };
    assert.deepEqual(check(schedule), []);
    const { billingDate: _date, ...undated } = item;
    assert.deepEqual(check({ ...schedule, items: [undated] }), ['/items/0']);
  });

  it('accepts a billing event and refuses a kind outside the list', () => {
    const check = validator(BillingEvent);
    const event = {
      id: 'billing-event:sandbox-psa:BE-1',
      projectId: 'project:sandbox-psa:P-1001',
      kind: 'expense',
      amount: gbp('142.60'),
      sourceId: 'expense:sandbox-psa:E-501',
    };
    assert.deepEqual(check(event), []);
    assert.equal(check({ ...event, kind: 'discount' }).includes('/kind'), true);
  });

  it('accepts the reference dimensions and refuses a lower-case currency code', () => {
    assert.deepEqual(validator(Currency)({ code: 'GBP', name: 'Pound sterling', active: true }), []);
    assert.deepEqual(validator(Currency)({ code: 'gbp', name: 'Pound sterling', active: true }), ['/code']);
    const vat = {
      code: 'VAT20',
      name: 'UK standard rate',
      treatment: 'standard',
      ratePercent: '20.00',
      active: true,
    };
    assert.deepEqual(validator(TaxCode)(vat), []);
    assert.deepEqual(
      validator(CostCentre)({ code: 'CC-410', name: 'Advisory', legalEntityId: 'LL-UK', active: true }),
      [],
    );
    assert.deepEqual(
      validator(Department)({ code: 'FIN', name: 'Finance transformation', active: false }),
      [],
    );
  });
});
