// A decision made before its event had a seq (decided ahead of the store's write lock, under a provisional
// seq), moved to the seq the event was stored with: the decision's own seq and each delivery's record.
import type { Decision, NewDelivery } from '../../store/port.ts';
import { withEventSeq } from './decision-record.ts';

export function renumberDecision(decision: Decision, seqs: ReadonlyMap<number, number>): Decision {
  const seq = seqs.get(decision.seq);
  if (seq === undefined) throw new Error(`no stored seq for provisional seq ${decision.seq}`);
  if (decision.kind !== 'deliver') return { ...decision, seq };
  // One record is shared by all deliveries of a decision: rewritten once.
  const records = new Map<string, string>();
  const deliveries = decision.deliveries.map((d): NewDelivery => {
    if (d.provenance === undefined) return d;
    const before = d.provenance.record;
    let record = records.get(before);
    if (record === undefined) {
      record = withEventSeq(before, decision.seq, seq);
      records.set(before, record);
    }
    return { ...d, provenance: { ...d.provenance, record } };
  });
  return { ...decision, seq, deliveries };
}
