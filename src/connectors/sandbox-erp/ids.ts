// Vendor-style document numbers: a prefix and a zero-padded sequence, e.g. PRJ-000017, BL-0000042.
// Invoice numbers are different (per company and year) and live in invoice-numbers.ts.

export type IdKind =
  | 'project'
  | 'billingLine'
  | 'costPosting'
  | 'contract'
  | 'expense'
  | 'billingRelease'
  | 'payment'
  | 'change'
  | 'closure';

const formats: Record<IdKind, { readonly prefix: string; readonly width: number }> = {
  project: { prefix: 'PRJ-', width: 6 },
  billingLine: { prefix: 'BL-', width: 7 },
  costPosting: { prefix: 'CP-', width: 7 },
  contract: { prefix: 'CT-', width: 6 },
  expense: { prefix: 'EX-', width: 7 },
  billingRelease: { prefix: 'BR-', width: 7 },
  payment: { prefix: 'PAY-', width: 7 },
  change: { prefix: 'CHG-', width: 9 },
  closure: { prefix: 'CL-', width: 6 },
};

export function formatId(kind: IdKind, sequence: number): string {
  const { prefix, width } = formats[kind];
  return `${prefix}${String(sequence).padStart(width, '0')}`;
}

/** The sequence number of an id of this kind, or undefined when it is not one. */
export function sequenceOf(kind: IdKind, id: string): number | undefined {
  const { prefix } = formats[kind];
  if (!id.startsWith(prefix)) return undefined;
  const digits = id.slice(prefix.length);
  if (!/^[0-9]{1,15}$/.test(digits)) return undefined;
  return Number(digits);
}
