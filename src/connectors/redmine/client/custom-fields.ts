// The custom fields Ledgerline maps are configured by NAME (what an administrator sees) and resolved to
// Redmine's ids once, from GET /custom_fields.json (admin key). Every missing field is named at once.
import { compileChecker } from '../../kit/schema-checker.ts';
import { CustomFieldList, type CustomValue } from '../vendor/wire.ts';
import { RedmineSetupError } from './errors.ts';
import type { RedmineHttp } from './redmine-http.ts';

export interface FieldNames {
  readonly approved: string;
  readonly invoiceNumber: string;
  readonly invoiceStatus: string;
  readonly paymentStatus: string;
  readonly customer?: string;
  readonly legalEntity?: string;
  readonly billRate?: string;
  readonly currency?: string;
  readonly costRate?: string;
}

export type FieldIds = {
  readonly [K in keyof FieldNames]-?: undefined extends FieldNames[K] ? number | undefined : number;
};

type Holder = 'time_entry' | 'project' | 'user';

const holders: Readonly<Record<keyof FieldNames, Holder>> = {
  approved: 'time_entry',
  invoiceNumber: 'time_entry',
  invoiceStatus: 'time_entry',
  paymentStatus: 'time_entry',
  customer: 'project',
  legalEntity: 'project',
  billRate: 'project',
  currency: 'project',
  costRate: 'user',
};

const checkList = compileChecker(CustomFieldList);

export async function resolveFields(http: RedmineHttp, names: FieldNames): Promise<FieldIds> {
  const { custom_fields: defined } = await http.read('/custom_fields.json', checkList);
  const ids: Partial<Record<keyof FieldNames, number>> = {};
  const missing: string[] = [];
  for (const key of Object.keys(holders) as (keyof FieldNames)[]) {
    const name = names[key];
    if (name === undefined) continue;
    const found = defined.find((f) => f.name === name && f.customized_type === holders[key]);
    if (found === undefined) missing.push(`${holders[key]} field "${name}" (${key})`);
    else ids[key] = found.id;
  }
  if (missing.length > 0)
    throw new RedmineSetupError(
      `Redmine has no custom ${missing.join(', ')}; create them (scripts/real-systems/redmine.sh init does) or fix the configured names`,
    );
  return ids as FieldIds;
}

/** The field's value as one trimmed string; undefined when unset, absent or blank. */
export function customValue(
  values: readonly CustomValue[] | undefined,
  id: number | undefined,
): string | undefined {
  if (id === undefined) return undefined;
  const raw = values?.find((v) => v.id === id)?.value;
  const text = (Array.isArray(raw) ? raw.join(', ') : (raw ?? '')).trim();
  return text === '' ? undefined : text;
}
