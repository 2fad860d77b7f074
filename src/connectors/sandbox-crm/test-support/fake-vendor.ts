// A stand-in for a misbehaving CRM: answers each feed request with the next canned response, so tests
// can send what the sandbox itself never would (broken records, newer event types, bad pages).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedResponse {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** Sent as JSON unless it is a string. */
  readonly body: unknown;
}

export interface FakeVendor {
  readonly url: string;
  /** The request paths received, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startFakeVendor(responses: CannedResponse[]): Promise<FakeVendor> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const next = responses.shift() ?? { status: 500, body: { error: { code: 'no_more_canned_answers' } } };
    response.statusCode = next.status ?? 200;
    for (const [name, value] of Object.entries(next.headers ?? {})) response.setHeader(name, value);
    response.setHeader('content-type', 'application/json');
    response.end(typeof next.body === 'string' ? next.body : JSON.stringify(next.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A valid vendor deal event of a won deal, to be broken field by field. */
export function wonDealEvent(seq: number, deal: Record<string, unknown> = {}): Record<string, unknown> {
  const eventId = `DE-${String(seq).padStart(9, '0')}`;
  return {
    event_id: eventId,
    type: 'deal.stage_changed',
    occurred_at: '2026-05-04T10:00:00+00:00',
    deal_id: 'D-000001',
    from_stage: 'negotiation',
    to_stage: 'closed_won',
    deal: {
      id: 'D-000001',
      account_id: 'ACME',
      title: 'ERP Implementation',
      deal_value_minor: 12_000_000,
      currency_code: 'GBP',
      close_date: '2026-05-04',
      start_date: '2026-07-06',
      owner_email: 'amelia.hart@ledgerline.example',
      booking_entity: 'LL-UK',
      billing_currency: 'GBP',
      billing_model: 'fixed_price',
      tax_code: 'standard',
      stage: 'closed_won',
      created_at: '2026-04-01T09:00:00+00:00',
      updated_at: '2026-05-04T10:00:00+00:00',
      ...deal,
    },
  };
}
