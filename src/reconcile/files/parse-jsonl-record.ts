// JSONL record files: one JSON object per line with the record's own fields (see record.ts). Amounts and
// hours are strings: a JSON number would have passed through a float already.
import type { ReconRecord } from '../record.ts';
import {
  ValueProblem,
  holdsSeparator,
  recordColumns,
  recordOf,
  type RecordColumn,
} from './record-columns.ts';

const fields = new Set([
  'type',
  'ref',
  'entity',
  'project',
  'date',
  'period',
  'hours',
  'amount',
  'currency',
  'functional',
  'reversal',
  'id',
  'amountUnknown',
]);

function text(value: unknown, name: string): string | ValueProblem {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return new ValueProblem(`${name} is a JSON number; write it as a string, e.g. "${String(value)}"`);
  return new ValueProblem(`${name} must be a string`);
}

export function parseJsonlRecord(line: string): ReconRecord | ValueProblem {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return new ValueProblem(`not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return new ValueProblem('each line must be one JSON object');
  const o = value as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !fields.has(k));
  if (unknown.length > 0) return new ValueProblem(`unknown field(s) ${unknown.join(', ')}`);
  const functional = o['functional'];
  if (functional !== undefined && (typeof functional !== 'object' || functional === null))
    return new ValueProblem('functional must be { "amount": "...", "currency": "..." }');
  const f = (functional ?? {}) as Record<string, unknown>;
  if (o['reversal'] !== undefined && typeof o['reversal'] !== 'boolean')
    return new ValueProblem('reversal must be true or false');
  if (o['amountUnknown'] !== undefined && typeof o['amountUnknown'] !== 'boolean')
    return new ValueProblem('amountUnknown must be true or false');
  const values: Record<RecordColumn, unknown> = {
    type: o['type'],
    ref: o['ref'],
    entity: o['entity'],
    project: o['project'],
    date: o['date'],
    period: o['period'],
    hours: o['hours'],
    amount: o['amountUnknown'] === true ? '' : o['amount'],
    currency: o['currency'],
    functional_amount: f['amount'],
    functional_currency: f['currency'],
    reversal: o['reversal'] === true ? 'true' : '',
    id: o['id'],
  };
  const texts: string[] = [];
  for (const name of recordColumns) {
    const t = text(values[name], name === 'functional_amount' ? 'functional.amount' : name);
    if (t instanceof ValueProblem) return t;
    if (holdsSeparator(t)) return new ValueProblem(`${name} holds a control character (\\x1e or \\x1f)`);
    texts.push(t);
  }
  if (o['amountUnknown'] !== true && values.amount === undefined)
    return new ValueProblem(
      'amount is missing (give "amountUnknown": true when the system does not know it)',
    );
  return recordOf(texts);
}
