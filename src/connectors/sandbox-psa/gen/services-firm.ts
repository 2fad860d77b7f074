// The services-firm profile: a realistic consultancy for the quote-to-cash demo. Legal entities (UK/GBP
// and DE/EUR by default) each with a client base and a rate card; projects mixing time and materials,
// fixed fees billed by milestones, and retainers; consultants with cost rates; a quarter of time and
// expenses, mostly approved, a few expenses rejected with a reason; some milestones completed and a few
// projects closed. Deterministic for a seed; every amount exact at its currency's minor unit.
import type { Firm, FirmClient, FirmProject } from '../firm.ts';
import { createPrng, type Prng } from '../../sandbox-kit/prng.ts';
import { isKnownCurrency } from '../sim/known-currency.ts';
import type { VendorRateCard } from '../vendor/delivery-records.ts';
import type { TaxTreatment } from '../vendor/schemas.ts';
import { weekdaysFrom, type WorkDay } from './calendar.ts';
import { clients as baseClients, engagements } from './catalogue.ts';
import { companyFor, type GeneratedCompany } from './companies.ts';
import { makeConsultants, pickTeam, roleAt, type Consultant } from './consultants.ts';
import { sample } from './draws.ts';
import { billRate, roles } from './rates.ts';
import { fixedFeeDelivery } from './services-delivery.ts';
import { makeExpenses } from './services-expenses.ts';
import { legalSuffix, moreClients } from './services-catalogue.ts';
import { makeTime } from './services-time.ts';
import { WeightedPicker } from '../../sandbox-kit/weighted.ts';

export interface ServicesFirmOptions {
  readonly profile: 'services-firm';
  readonly seed: number;
  /** Clients; default 40. */
  readonly customers?: number;
  /** Default 150. */
  readonly projects?: number;
  /** Default 300. */
  readonly consultants?: number;
  /** Weeks of time and expenses from 2026-07-01, 1 to 13; default 13. */
  readonly weeks?: number;
  /** One legal entity per currency; default GBP, EUR (LL-UK, LL-DE). */
  readonly currencies?: readonly string[];
}

export type ServiceBilling = 'time_and_materials' | 'fixed_fee' | 'retainer';

export interface ServiceProject {
  readonly record: FirmProject;
  readonly company: GeneratedCompany;
  readonly billing: ServiceBilling;
  readonly team: readonly Consultant[];
  /** Approves the project's time and expenses. */
  readonly manager: Consultant;
  /** Index of the last work day of a project closed within the window. */
  readonly lastDay: number | undefined;
}

/** A legal entity's bill rates: per role index, and personal rates that override them. */
export interface RateTable {
  readonly byRole: readonly string[];
  readonly personal: ReadonlyMap<string, string>;
}

const billings = new WeightedPicker<ServiceBilling>(
  ['time_and_materials', 'fixed_fee', 'retainer'],
  [50, 30, 20],
);
const taxTreatments = new WeightedPicker<TaxTreatment>(
  ['standard', 'reverse-charge', 'zero-rated'],
  [85, 10, 5],
);
const allClients = [...baseClients, ...moreClients];
const PARTNER = roles.length - 1;

export function generateServicesFirm(options: ServicesFirmOptions): Firm {
  const o = {
    customers: options.customers ?? 40,
    projects: options.projects ?? 150,
    consultants: options.consultants ?? 300,
    weeks: options.weeks ?? 13,
    currencies: options.currencies ?? ['GBP', 'EUR'],
  };
  checkOptions(options.seed, o);
  const rng = createPrng(options.seed);
  const days = weekdaysFrom(o.weeks * 5);
  const companies = o.currencies.map(companyFor);
  const consultants = makeConsultants(rng, o.consultants, companies);
  const clients = makeClients(o.customers, companies);
  const rates = new Map(companies.map((c) => [c.code, rateTable(rng, c, consultants)]));
  const projects = makeProjects(rng, o.projects, clients, consultants, days);
  const delivery = fixedFeeDelivery(rng, projects, days);

  return {
    companies: companies.map(({ code, name, country, currency }) => ({ code, name, country, currency })),
    users: consultants.map((c) => c.user),
    projects: projects.map((p) => p.record),
    time_entries: makeTime(rng, days, projects, consultants, rates),
    clients: clients.map((c) => c.record),
    expenses: makeExpenses(rng, days, projects),
    milestones: delivery.milestones,
    task_plans: delivery.taskPlans,
    rate_cards: companies.map((c) => rateCard(c, rates.get(c.code))),
  };
}

function checkOptions(seed: number, o: Required<Omit<ServicesFirmOptions, 'profile' | 'seed'>>): void {
  const count = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isSafeInteger(value) || value < min || value > max)
      throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  };
  count('seed', seed, 0, 4_294_967_295);
  count('customers', o.customers, 1, 10_000);
  count('projects', o.projects, 1, 10_000);
  count('consultants', o.consultants, 2, 100_000);
  count('weeks', o.weeks, 1, 13);
  if (o.currencies.length === 0 || new Set(o.currencies).size !== o.currencies.length)
    throw new RangeError('currencies must be a non-empty list without repeats');
  const unknown = o.currencies.filter((c) => !isKnownCurrency(c));
  if (unknown.length > 0) throw new RangeError(`unknown currencies: ${unknown.join(', ')}`);
  if (new Set(o.currencies.map((c) => companyFor(c).code)).size !== o.currencies.length)
    throw new RangeError('two currencies map to the same legal entity code');
}

interface GeneratedClient {
  readonly record: FirmClient;
  readonly prefix: string;
  readonly company: GeneratedCompany;
}

/** Clients are spread over the legal entities in turn and billed in their entity's currency. */
function makeClients(count: number, companies: readonly GeneratedCompany[]): GeneratedClient[] {
  return Array.from({ length: count }, (_, i) => {
    const [name, prefix] = allClients[i % allClients.length] ?? baseClients[0];
    const round = Math.floor(i / allClients.length);
    const company = companies[i % companies.length] ?? companies[0];
    if (!company) throw new RangeError('no legal entity');
    const fullName = round > 0 ? `${name} ${round + 1}` : name;
    return {
      record: {
        id: `C-${101 + i}`,
        external_ref: null,
        name: fullName,
        legal_name: `${fullName} ${legalSuffix[company.country] ?? 'Ltd'}`,
        billing_currency: company.currency,
        active: true,
      },
      prefix: round > 0 ? `${prefix}${round + 1}` : prefix,
      company,
    };
  });
}

/** Role rates scaled to the entity, and a personal rate for up to two of its partners. */
function rateTable(rng: Prng, company: GeneratedCompany, consultants: readonly Consultant[]): RateTable {
  const byRole = roles.map((role) => billRate(rng, role, company.rateFactorPercent));
  const partners = consultants
    .filter((c) => c.company.code === company.code && c.role === PARTNER)
    .slice(0, 2);
  const personal = new Map(
    partners.map((p) => [p.user.id, billRate(rng, roleAt(PARTNER), company.rateFactorPercent + 10)]),
  );
  return { byRole, personal };
}

function rateCard(company: GeneratedCompany, table: RateTable | undefined): VendorRateCard {
  if (!table) throw new RangeError(`no rates for ${company.code}`);
  return {
    id: `RC-${company.code}-2026`,
    name: `${company.name} rates 2026`,
    company: company.code,
    currency: company.currency,
    effective_from: '2026-07-01',
    lines: [
      ...roles.map((role, i) => ({ role: role.title, user_id: null, bill_rate: table.byRole[i] ?? '0.00' })),
      ...[...table.personal].map(([userId, rate]) => ({ role: null, user_id: userId, bill_rate: rate })),
    ],
  };
}

/**
 * Every client gets a project before any gets a second; the first three projects are one of each
 * billing kind. A few time-and-materials projects end inside the window and are closed.
 */
function makeProjects(
  rng: Prng,
  count: number,
  clients: readonly GeneratedClient[],
  consultants: readonly Consultant[],
  days: readonly WorkDay[],
): ServiceProject[] {
  const perClient = new Map<string, number>();
  const kinds: readonly ServiceBilling[] = ['time_and_materials', 'fixed_fee', 'retainer'];
  const projects = Array.from({ length: count }, (_, i): ServiceProject => {
    const client = (i < clients.length ? clients[i] : undefined) ?? rng.pick(clients);
    const serial = (perClient.get(client.record.id) ?? 0) + 1;
    perClient.set(client.record.id, serial);
    const billing = kinds[i] ?? billings.pick(rng);
    const team = pickTeam(rng, consultants, client.company);
    const manager = team.reduce((best, c) => (c.role > best.role ? c : best));
    const record: FirmProject = {
      id: `P-${1001 + i}`,
      code: `${client.prefix}-2026-${String(serial).padStart(2, '0')}`,
      name: rng.pick(engagements),
      client_id: client.record.id,
      client_name: client.record.name,
      status: 'active',
      company: client.company.code,
      currency: client.company.currency,
      tax_treatment: taxTreatments.pick(rng),
      billing_method: billing,
    };
    return { record, company: client.company, billing, team, manager, lastDay: undefined };
  });
  if (days.length < 10) return projects;
  const open = projects.filter((p) => p.billing === 'time_and_materials');
  const closing = new Set(
    sample(rng, open.length, Math.min(open.length, Math.round(count / 30))).map((i) => open[i]),
  );
  return projects.map((p) => {
    if (!closing.has(p)) return p;
    const lastDay = rng.int(Math.floor(days.length / 2), days.length - 6);
    const closedOn = days[lastDay]?.date;
    if (closedOn === undefined) throw new RangeError(`no work day ${lastDay}`);
    return { ...p, record: { ...p.record, status: 'closed', closed_on: closedOn }, lastDay };
  });
}
