// What the demo does as the ERP's finance team, over the sandbox ERP's admin API: keep the customer
// master, run invoicing, record payments.
import type { IssuedSummary } from '../../connectors/sandbox-erp/invoice-run.ts';

export interface PartyInput {
  readonly party_code: string;
  readonly legal_name: string;
  readonly currency: string;
  readonly company: string;
  readonly payment_terms_days: number;
  readonly active: boolean;
}

export class ErpOperator {
  readonly #url: string;
  readonly #apiKey: string;

  constructor(url: string, apiKey: string) {
    this.#url = url;
    this.#apiKey = apiKey;
  }

  async #post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.#url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#apiKey}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ERP ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  }

  async addParty(party: PartyInput): Promise<void> {
    await this.#post('/admin/parties', party);
  }

  async invoiceRun(date: string): Promise<readonly IssuedSummary[]> {
    const answer = (await this.#post('/admin/invoice-run', { date })) as { invoices: IssuedSummary[] };
    return answer.invoices;
  }

  async pay(invoice: IssuedSummary, date: string): Promise<void> {
    await this.#post('/admin/payments', {
      invoice_number: invoice.invoice_number,
      amount: invoice.gross_total,
      date,
      method: 'bank_transfer',
    });
  }
}
