// The firm's consultants: each with a role, a legal entity and a cost rate in its currency, and the
// teams projects draw from them. Shared by every generator profile.
import type { Prng } from '../../sandbox-kit/prng.ts';
import type { VendorUser } from '../vendor/schemas.ts';
import { firstNames, lastNames } from './catalogue.ts';
import type { GeneratedCompany } from './companies.ts';
import { costRate, roles, type Role } from './rates.ts';
import { WeightedPicker } from '../../sandbox-kit/weighted.ts';

export interface Consultant {
  readonly user: VendorUser;
  readonly role: number;
  readonly company: GeneratedCompany;
}

const rolePicker = new WeightedPicker(
  roles.map((_, i) => i),
  roles.map((r) => r.weight),
);

export function makeConsultants(
  rng: Prng,
  count: number,
  companies: readonly GeneratedCompany[],
): Consultant[] {
  return Array.from({ length: count }, (_, i) => {
    const role = rolePicker.pick(rng);
    const company = companies[i % companies.length] ?? rng.pick(companies);
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    const id = `U-${i + 1}`;
    const user: VendorUser = {
      id,
      name: `${first} ${last}`,
      email: `${ascii(first)}.${ascii(last)}.${i + 1}@ledgerline.example`,
      cost_rate: costRate(rng, roleAt(role), company.rateFactorPercent),
      cost_currency: company.currency,
      role: roleAt(role).title,
    };
    return { user, role, company };
  });
}

/** 2-6 people, mostly from the project's own legal entity. */
export function pickTeam(
  rng: Prng,
  consultants: readonly Consultant[],
  company: GeneratedCompany,
): Consultant[] {
  const local = consultants.filter((c) => c.company.code === company.code);
  const size = Math.min(consultants.length, rng.int(2, 6));
  const team = new Set<Consultant>();
  for (let tries = 0; team.size < size && tries < size * 20; tries++)
    team.add(local.length > 0 && rng.chance(0.8) ? rng.pick(local) : rng.pick(consultants));
  if (team.size === 0) team.add(rng.pick(consultants));
  return [...team];
}

export function roleAt(index: number): Role {
  const role = roles[index];
  if (!role) throw new RangeError(`no role ${index}`);
  return role;
}

function ascii(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
