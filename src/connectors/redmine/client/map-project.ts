// A Redmine project -> the canonical Project, its state and its bill rate. The customer is the project's
// Customer field: its slug is the customer's native id, its text the customer's name. Finance fields come
// from the project's fields, else from the configured defaults; absent stays absent (readiness is judged
// downstream). A field that cannot be read is a failure naming the project, never a guess.
import type { Money, Project } from '../../../contracts/index.ts';
import type { RedmineProject } from '../vendor/wire.ts';
import { canonicalId, type MapContext, type Mapped } from './context.ts';
import { customValue } from './custom-fields.ts';
import { decimalField } from './decimal-field.ts';
import { hashOf } from './fingerprint.ts';

export interface MappedProject {
  readonly project: Project;
  /** Redmine status 1 is active, 5 closed; archived projects are not listed. */
  readonly state: 'active' | 'closed';
  /** The hourly rate of the project's time, when its Bill rate field is set. */
  readonly billRate: Money | undefined;
  /** Of every field the events carry. */
  readonly hash: string;
}

const CURRENCY = /^[A-Z]{3}$/;

/** Lower-case ASCII words joined by '-': "Acme Ltd." -> "acme-ltd"; a name with no such word hashes. */
export function customerSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  return slug === '' ? `h-${hashOf([name])}` : slug;
}

export function mapProject(p: RedmineProject, ctx: MapContext): Mapped<MappedProject> {
  const { fields, projectDefaults: defaults, system } = ctx;
  const what = `project ${p.id} (${p.identifier})`;
  if (p.status !== 1 && p.status !== 5)
    return { ok: false, message: `${what} has unknown status ${p.status}` };
  const currency = customValue(p.custom_fields, fields.currency)?.toUpperCase() ?? defaults.currency;
  if (currency !== undefined && !CURRENCY.test(currency))
    return { ok: false, message: `${what}: Currency "${currency}" is not an ISO 4217 code` };
  const rate = decimalField(customValue(p.custom_fields, fields.billRate), `${what}: Bill rate`);
  if (!rate.ok) return rate;
  if (rate.value !== undefined && currency === undefined)
    return { ok: false, message: `${what} has a Bill rate but no Currency (field or default)` };
  const customerName = customValue(p.custom_fields, fields.customer)?.slice(0, 200);
  const legalEntityId =
    customValue(p.custom_fields, fields.legalEntity)?.slice(0, 64) ?? defaults.legalEntityId;
  const state = p.status === 1 ? 'active' : 'closed';
  const project: Project = {
    id: canonicalId('project', system, p.id),
    code: p.identifier,
    name: p.name,
    ...(customerName !== undefined && {
      customerId: canonicalId('customer', system, customerSlug(customerName)),
      customerName,
    }),
    ...(legalEntityId !== undefined && { legalEntityId }),
    ...(currency !== undefined && { currency }),
    ...(defaults.taxTreatment !== undefined && { taxTreatment: defaults.taxTreatment }),
    ...(defaults.billingModel !== undefined && { billingModel: defaults.billingModel }),
    status: state,
  };
  const billRate =
    rate.value === undefined || currency === undefined ? undefined : { amount: rate.value, currency };
  const hash = hashOf([JSON.stringify(project), billRate?.amount ?? null]);
  return { ok: true, value: { project, state, billRate, hash } };
}
