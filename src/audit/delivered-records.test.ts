// The digest a `posting.delivered` audit entry keeps of its deliveries' decision records.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredRecordsDigest } from './delivered-records.ts';

describe('deliveredRecordsDigest', () => {
  const kept = { seq: 7, record: '{"eventSeq":3}' };
  const none = { seq: 5, record: null };
  const rows = [kept, none];

  it('does not depend on the order the store returned the rows in', () => {
    assert.equal(deliveredRecordsDigest(rows), deliveredRecordsDigest([...rows].reverse()));
    assert.match(deliveredRecordsDigest(rows), /^[0-9a-f]{64}$/);
  });

  it('changes with any byte of a record, with a record kept or not, and with the seq it belongs to', () => {
    const base = deliveredRecordsDigest(rows);
    assert.notEqual(deliveredRecordsDigest([{ seq: 7, record: '{"eventSeq":3} ' }, none]), base);
    assert.notEqual(deliveredRecordsDigest([kept, { seq: 5, record: '' }]), base);
    assert.notEqual(deliveredRecordsDigest([{ seq: 6, record: '{"eventSeq":3}' }, none]), base);
  });
});
