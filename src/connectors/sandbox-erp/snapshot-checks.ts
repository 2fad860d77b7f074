// Checks used while reading a state file back. The file is our own output, so these guard against
// truncation and hand edits, and name what is wrong.
import type { BillingLineRecord, CostPostingRecord, ExpenseRecord } from './records.ts';

export class CorruptState extends Error {}

export function expect(condition: boolean, what: string): asserts condition {
  if (!condition) throw new CorruptState(what);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function array(value: unknown, what: string): unknown[] {
  expect(Array.isArray(value), `${what} is not an array`);
  return value;
}

export function count(value: unknown, what: string): number {
  expect(typeof value === 'number' && Number.isInteger(value) && value >= 0, `${what} is not a count`);
  return value;
}

/** Checks that every listed field is a string; the file is our own output, so this guards truncation. */
export function withStrings<T>(value: unknown, fields: readonly (keyof T & string)[], what: string): T {
  expect(isRecord(value), `${what} is not an object`);
  for (const field of fields) expect(typeof value[field] === 'string', `${what}.${field} is not a string`);
  return value as T;
}

export const POSTING_FIELDS: readonly (keyof BillingLineRecord &
  keyof CostPostingRecord &
  keyof ExpenseRecord)[] = [
  'project_id',
  'source_ref',
  'employee_ref',
  'date',
  'amount',
  'currency',
  'created_at',
];
