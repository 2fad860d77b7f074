// Deal values in integer minor units: mostly mid-sized engagements, a few large ones, priced in the
// customer's currency. Values are built from integers only (major units x currency factor x 10^exponent),
// so no float ever produces an amount.
import { currencyExponent } from '../../../domain/money.ts';
import type { Prng } from '../../sandbox-kit/prng.ts';
import { WeightedPicker } from '../../sandbox-kit/weighted.ts';

/** Price level of a currency against GBP, in percent (GBP-based price lists scaled, as firms do). */
const factorPercent: Readonly<Record<string, number>> = {
  GBP: 100,
  EUR: 115,
  USD: 125,
  CHF: 110,
  JPY: 19_000,
};

/** GBP value bands in steps of 500: [low, high] in steps. */
const bands = new WeightedPicker<readonly [number, number]>(
  [
    [40, 120], // 20k - 60k
    [120, 500], // 60k - 250k
    [500, 1_800], // 250k - 900k
  ],
  [50, 35, 15],
);

export function dealValueMinor(rng: Prng, currency: string): number {
  const [low, high] = bands.pick(rng);
  const majorGbp = rng.int(low, high) * 500;
  // 500 x a whole percent is always divisible by 100, so this stays an integer.
  const major = (majorGbp * (factorPercent[currency] ?? 100)) / 100;
  const scale = 10 ** currencyExponent(currency);
  // Some quotes are not round figures (expenses, discounts): a few minor units more.
  const tail = scale > 1 && rng.chance(0.2) ? rng.int(1, scale - 1) : 0;
  const minor = major * scale + tail;
  if (!Number.isSafeInteger(minor)) throw new RangeError(`deal value ${minor} is not a safe integer`);
  return minor;
}
