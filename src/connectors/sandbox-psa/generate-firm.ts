// Generates a realistic, reproducible firm for the sandbox PSA: legal entities per currency, consultants
// with roles and cost rates, client projects with rate cards and teams, and a quarter of time. The same
// options always give the same firm (seeded PRNG), and 100,000 entries take well under a second or two.
// That is the default (walking-skeleton) profile; `profile: 'services-firm'` generates a whole consultancy
// with clients, milestones, expenses and rate cards instead (gen/services-firm.ts).
import type { Firm, FirmProject, PendingSetup } from './firm.ts';
import { approvalInstant, quarterWeekdays } from './gen/calendar.ts';
import { clients, engagements, notes } from './gen/catalogue.ts';
import { companyFor, type GeneratedCompany } from './gen/companies.ts';
import { makeConsultants, pickTeam, type Consultant } from './gen/consultants.ts';
import { quarterHours, sample } from './gen/draws.ts';
import { billRate, roles } from './gen/rates.ts';
import { generateServicesFirm, type ServicesFirmOptions } from './gen/services-firm.ts';
import { WeightedPicker } from '../sandbox-kit/weighted.ts';
import { createPrng, type Prng } from '../sandbox-kit/prng.ts';
import { isKnownCurrency } from './sim/known-currency.ts';
import {
  financeFieldNames,
  type BillingMethod,
  type TaxTreatment,
  type VendorTimeEntry,
} from './vendor/schemas.ts';

export type { Firm } from './firm.ts';
export type { ServicesFirmOptions } from './gen/services-firm.ts';

export type GenerateFirmOptions = SkeletonFirmOptions | ServicesFirmOptions;

/** The small firm of the walking-skeleton demo: time only. */
export interface SkeletonFirmOptions {
  readonly profile?: 'walking-skeleton';
  readonly seed: number;
  readonly projects: number;
  readonly consultants: number;
  readonly entries: number;
  /** Projects whose activation trails some of their approvals; default about 10% (at least 1 from 3 projects). */
  readonly lateProjects?: number;
  /** Projects activated with 1-2 finance fields missing; default as for lateProjects. */
  readonly incompleteProjects?: number;
  /** One legal entity per currency; default GBP, EUR, USD (LL-UK, LL-DE, LL-US). */
  readonly currencies?: readonly string[];
}

interface PlannedProject {
  readonly record: FirmProject;
  readonly company: GeneratedCompany;
  readonly currency: string;
  readonly billingMethod: BillingMethod;
  readonly team: readonly Consultant[];
  readonly manager: Consultant;
  /** Bill rate per role index, in the project currency. */
  readonly rateCard: readonly string[];
}

const taxTreatments = new WeightedPicker<TaxTreatment>(
  ['standard', 'reverse-charge', 'zero-rated', 'exempt', 'reduced'],
  [70, 15, 8, 4, 3],
);
const billingMethods = new WeightedPicker<BillingMethod>(
  ['time_and_materials', 'fixed_fee', 'retainer', 'non_billable'],
  [60, 20, 10, 10],
);
export function generateFirm(options: GenerateFirmOptions): Firm {
  return options.profile === 'services-firm' ? generateServicesFirm(options) : generateSkeletonFirm(options);
}

function generateSkeletonFirm(options: SkeletonFirmOptions): Firm {
  const defaultShare = options.projects >= 3 ? Math.max(1, Math.round(options.projects / 10)) : 0;
  const late = options.lateProjects ?? defaultShare;
  const incomplete = options.incompleteProjects ?? defaultShare;
  const currencies = options.currencies ?? ['GBP', 'EUR', 'USD'];
  checkOptions(options, late, incomplete, currencies);

  const rng = createPrng(options.seed);
  const companies = currencies.map(companyFor);
  const consultants = makeConsultants(rng, options.consultants, companies);
  const planned = makeProjects(rng, options.projects, companies, consultants);
  for (const i of sample(rng, planned.length, late)) planned[i] = withLate(planned[i]);
  for (const i of sample(rng, planned.length, incomplete)) planned[i] = withMissingFinance(rng, planned[i]);

  return {
    companies: companies.map(({ code, name, country, currency }) => ({ code, name, country, currency })),
    users: consultants.map((c) => c.user),
    projects: planned.map((p) => p.record),
    time_entries: makeEntries(rng, options.entries, planned),
  };
}

function checkOptions(
  o: SkeletonFirmOptions,
  late: number,
  incomplete: number,
  currencies: readonly string[],
): void {
  const count = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isSafeInteger(value) || value < min || value > max)
      throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  };
  count('seed', o.seed, 0, 4_294_967_295);
  count('projects', o.projects, 1, 100_000);
  count('consultants', o.consultants, 1, 100_000);
  count('entries', o.entries, 0, 10_000_000);
  count('lateProjects', late, 0, o.projects);
  count('incompleteProjects', incomplete, 0, o.projects);
  if (currencies.length === 0 || new Set(currencies).size !== currencies.length)
    throw new RangeError('currencies must be a non-empty list without repeats');
  const unknown = currencies.filter((c) => !isKnownCurrency(c));
  if (unknown.length > 0) throw new RangeError(`unknown currencies: ${unknown.join(', ')}`);
  const codes = new Set(currencies.map((c) => companyFor(c).code));
  if (codes.size !== currencies.length)
    throw new RangeError('two currencies map to the same legal entity code');
}

function makeProjects(
  rng: Prng,
  count: number,
  companies: readonly GeneratedCompany[],
  consultants: readonly Consultant[],
): PlannedProject[] {
  const clientCount = Math.max(1, Math.ceil(count / 3));
  const perClient = new Map<number, number>();
  return Array.from({ length: count }, (_, i) => {
    const clientIndex = rng.int(0, clientCount - 1);
    const [clientName, prefix] = clients[clientIndex % clients.length] ?? clients[0];
    const round = Math.floor(clientIndex / clients.length);
    const serial = (perClient.get(clientIndex) ?? 0) + 1;
    perClient.set(clientIndex, serial);
    const company = rng.pick(companies);
    const billingMethod = billingMethods.pick(rng);
    const team = pickTeam(rng, consultants, company);
    const manager = team.reduce((best, c) => (c.role > best.role ? c : best));
    const record: FirmProject = {
      id: `P-${1001 + i}`,
      code: `${prefix}${round > 0 ? round + 1 : ''}-2026-${String(serial).padStart(2, '0')}`,
      name: `${rng.pick(engagements)}${rng.chance(0.3) ? ` Phase ${rng.int(2, 3)}` : ''}`,
      client_id: `C-${101 + clientIndex}`,
      client_name: round > 0 ? `${clientName} ${round + 1}` : clientName,
      status: 'active',
      company: company.code,
      currency: company.currency,
      tax_treatment: taxTreatments.pick(rng),
      billing_method: billingMethod,
    };
    const rateCard = roles.map((role) => billRate(rng, role, company.rateFactorPercent));
    return { record, company, currency: company.currency, billingMethod, team, manager, rateCard };
  });
}

function withLate(p: PlannedProject | undefined): PlannedProject {
  if (!p) throw new RangeError('no such project');
  return { ...p, record: { ...p.record, late: true } };
}

/** Hides 1-2 finance fields until complete-setup; their values travel in `pending_setup`. */
function withMissingFinance(rng: Prng, p: PlannedProject | undefined): PlannedProject {
  if (!p) throw new RangeError('no such project');
  const hidden = new Set(
    sample(rng, financeFieldNames.length, rng.int(1, 2)).map((i) => financeFieldNames[i]),
  );
  const { company, currency, tax_treatment, billing_method } = p.record;
  const pending: PendingSetup = {
    ...(hidden.has('company') && company != null && { company }),
    ...(hidden.has('currency') && currency != null && { currency }),
    ...(hidden.has('tax_treatment') && tax_treatment != null && { tax_treatment }),
    ...(hidden.has('billing_method') && billing_method != null && { billing_method }),
  };
  const record: FirmProject = { ...p.record, pending_setup: pending };
  for (const field of hidden) if (field !== undefined) record[field] = null;
  return { ...p, record };
}

function makeEntries(rng: Prng, count: number, projects: readonly PlannedProject[]): VendorTimeEntry[] {
  const days = quarterWeekdays();
  const bySize = new WeightedPicker(
    projects,
    projects.map(() => rng.int(1, 10)),
  );
  const entries: VendorTimeEntry[] = [];
  for (let i = 0; i < count; i++) {
    // The first entry of every project is approved, so each project has published time.
    const guaranteed = i < projects.length;
    const project = (guaranteed ? projects[i] : undefined) ?? bySize.pick(rng);
    const consultant = rng.pick(project.team);
    const day = rng.pick(days);
    const billable = project.billingMethod !== 'non_billable' && rng.chance(0.87);
    const approved = guaranteed || rng.chance(0.96);
    entries.push({
      id: 100_001 + i,
      user_id: consultant.user.id,
      project_id: project.record.id,
      spent_on: day.date,
      hours: quarterHours(rng),
      billable,
      bill_rate: billable ? (project.rateCard[consultant.role] ?? null) : null,
      currency: project.currency,
      notes: rng.pick(notes),
      status: approved ? 'approved' : 'submitted',
      approved_at: approved ? approvalInstant(rng, day, project.manager.company.utcOffset) : null,
      approved_by: approved ? project.manager.user.id : null,
    });
  }
  return entries;
}
