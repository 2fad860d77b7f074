import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventCatalog, eventNames } from '../contracts/index.ts';
import { domainOfCanonicalId, domainOfEventType, domainOfKind, idSpaceOf } from './domain-of.ts';

describe('domain of a write', () => {
  it('maps every event of the catalogue to a domain, so none escapes the ownership check', () => {
    for (const name of eventNames)
      assert.notEqual(domainOfEventType(eventCatalog[name].type), undefined, `${name} has no domain`);
    assert.equal(domainOfEventType('io.ledgerline.time.approved.v1'), 'time');
    assert.equal(domainOfEventType('io.ledgerline.project.provisioned.v1'), 'project');
  });

  it('reads the kind of a canonical id, with reference dimensions grouped', () => {
    assert.equal(domainOfCanonicalId('customer:sandbox-erp:C-1'), 'customer');
    assert.equal(domainOfCanonicalId('rate-card:psa-a:RC-7'), 'rate-card');
    assert.equal(domainOfCanonicalId('tax-code:erp:VAT20'), 'reference-data');
    assert.equal(domainOfKind('cost-centre'), 'reference-data');
  });

  it('knows nothing it was not told', () => {
    assert.equal(domainOfKind('widget'), undefined);
    assert.equal(domainOfKind('constructor'), undefined);
    assert.equal(domainOfCanonicalId('project'), undefined);
    assert.equal(domainOfEventType('com.example.time.approved.v1'), undefined);
    assert.equal(domainOfEventType('io.ledgerline.widget.made.v1'), undefined);
  });

  it('reads the id space of a canonical id', () => {
    assert.equal(idSpaceOf('time:psa-b:T-9/2'), 'psa-b');
    assert.equal(idSpaceOf('not-an-id'), undefined);
  });
});
