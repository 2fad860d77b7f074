// Role-based rate tables. Rates are built from integer units and a two-digit cents string, so they are
// exact decimal text from the start; a share gets odd cents ("133.33") to exercise rounding downstream.
import type { Prng } from '../../sandbox-kit/prng.ts';

export interface Role {
  readonly title: string;
  readonly weight: number;
  /** GBP per hour, whole units. */
  readonly cost: number;
  readonly bill: number;
}

export const roles: readonly Role[] = [
  { title: 'Analyst', weight: 25, cost: 38, bill: 95 },
  { title: 'Consultant', weight: 35, cost: 52, bill: 125 },
  { title: 'Senior Consultant', weight: 20, cost: 62, bill: 145 },
  { title: 'Manager', weight: 15, cost: 80, bill: 175 },
  { title: 'Partner', weight: 5, cost: 110, bill: 240 },
];

const ODD_BILL_CENTS = ['33', '49', '67', '99', '45', '01'] as const;
const COST_CENTS = ['00', '25', '50', '75'] as const;
const ODD_COST_CENTS = ['33', '67', '10'] as const;

function scaled(base: number, factorPercent: number, variationPercent: number): number {
  return Math.floor((base * factorPercent * variationPercent) / 10_000);
}

export function billRate(rng: Prng, role: Role, factorPercent: number): string {
  const units = scaled(role.bill, factorPercent, rng.int(90, 120));
  const whole = Math.max(5, units - (units % 5));
  const cents = rng.chance(0.25) ? rng.pick(ODD_BILL_CENTS) : '00';
  return `${whole}.${cents}`;
}

export function costRate(rng: Prng, role: Role, factorPercent: number): string {
  const whole = Math.max(1, scaled(role.cost, factorPercent, rng.int(90, 115)));
  const cents = rng.chance(0.1) ? rng.pick(ODD_COST_CENTS) : rng.pick(COST_CENTS);
  return `${whole}.${cents}`;
}
