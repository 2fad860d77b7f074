// An exact running sum of decimal strings (hours, amounts) on BigInt. It keeps the largest scale it has
// seen, so "100" + "0.50" prints "100.50" and a sum never shows fewer decimals than its inputs had.
import { formatDecimal, type Decimal } from '../domain/money.ts';

const DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;

function rescale(units: bigint, from: number, to: number): bigint {
  return from === to ? units : units * 10n ** BigInt(to - from);
}

export class DecimalSum {
  #units = 0n;
  #scale = 0;

  /** Adds a decimal string ("-12.50"); throws RangeError on anything else. */
  add(text: string): this {
    // The hot path of a million-record run: no match groups, no intermediate object.
    if (!DECIMAL.test(text)) throw new RangeError(`not a decimal: "${text}"`);
    const dot = text.indexOf('.');
    if (dot < 0) return this.#add(BigInt(text), 0);
    return this.#add(BigInt(text.slice(0, dot) + text.slice(dot + 1)), text.length - dot - 1);
  }

  addDecimal(value: Decimal): this {
    return this.#add(value.units, value.scale);
  }

  #add(units: bigint, scale: number): this {
    if (scale > this.#scale) {
      this.#units = rescale(this.#units, this.#scale, scale);
      this.#scale = scale;
    }
    this.#units += rescale(units, scale, this.#scale);
    return this;
  }

  addSum(other: DecimalSum): this {
    return this.addDecimal(other.value);
  }

  subtractSum(other: DecimalSum): this {
    const { units, scale } = other.value;
    return this.addDecimal({ units: -units, scale });
  }

  get value(): Decimal {
    return { units: this.#units, scale: this.#scale };
  }

  isZero(): boolean {
    return this.#units === 0n;
  }

  equals(other: DecimalSum): boolean {
    const scale = Math.max(this.#scale, other.#scale);
    return rescale(this.#units, this.#scale, scale) === rescale(other.#units, other.#scale, scale);
  }

  /** Formatted at `atLeast` decimals or the sum's own scale, whichever is larger. */
  format(atLeast = 0): string {
    const scale = Math.max(atLeast, this.#scale);
    return formatDecimal({ units: rescale(this.#units, this.#scale, scale), scale });
  }

  get scale(): number {
    return this.#scale;
  }

  static of(...texts: readonly string[]): DecimalSum {
    const sum = new DecimalSum();
    for (const t of texts) sum.add(t);
    return sum;
  }
}

/** a - b, formatted at `atLeast` decimals or more (so a report's three columns line up). */
export function difference(a: DecimalSum, b: DecimalSum, atLeast: number): string {
  return new DecimalSum().addSum(a).subtractSum(b).format(atLeast);
}
