// The ERP's dated reference data: exchange rates, tax rates per company and code, and closed accounting
// periods. Rebuilt from the change log like the receivables, so the feed and the state file agree.
import type { VendorFxRate, VendorPeriod, VendorTaxRate } from './wire-feed.ts';

export class ReferenceBook {
  readonly fxRates: VendorFxRate[] = [];
  readonly taxRates: VendorTaxRate[] = [];
  /** company -> closed months (YYYY-MM). */
  private readonly closed = new Map<string, Set<string>>();

  applyFxRate(rate: VendorFxRate): void {
    this.fxRates.push(rate);
  }

  applyTaxRate(rate: VendorTaxRate): void {
    this.taxRates.push(rate);
  }

  applyPeriod(change: VendorPeriod): void {
    const months = this.closed.get(change.company) ?? new Set<string>();
    if (change.state === 'closed') months.add(change.period);
    else months.delete(change.period);
    this.closed.set(change.company, months);
  }

  isClosed(company: string, date: string): boolean {
    return this.closed.get(company)?.has(date.slice(0, 7)) ?? false;
  }

  closedPeriods(company: string): string[] {
    return [...(this.closed.get(company) ?? [])].sort();
  }
}
