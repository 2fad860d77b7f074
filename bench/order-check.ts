// Per-project order, checked at the ERP: for every project, the cost postings the ERP booked (in the order
// it booked them) must follow the order in which Ledgerline took their time entries in (their seq). Several
// workers deliver at once; this is what says they kept each project's order.
import { formatCount } from '../src/demo/progress.ts';

export interface OrderCheck {
  readonly postings: number;
  readonly projects: number;
  /** Postings booked before an entry Ledgerline took in earlier on the same project. */
  readonly outOfOrder: number;
  /** Postings whose source the run's store does not hold (none expected). */
  readonly unknownSources: number;
  readonly examples: readonly string[];
}

interface CostPostingPage {
  readonly data: readonly { cost_posting_id: string; project_id: string; source_ref: string }[];
  readonly has_more: boolean;
  readonly next_after: string | null;
}

export async function checkOrder(
  erpUrl: string,
  apiKey: string,
  seqOfSource: ReadonlyMap<string, number>,
): Promise<OrderCheck> {
  const lastSeq = new Map<string, number>();
  let postings = 0;
  let outOfOrder = 0;
  let unknownSources = 0;
  const examples: string[] = [];
  let after: string | null = null;
  do {
    const query: string = after === null ? 'limit=1000' : `limit=1000&after=${encodeURIComponent(after)}`;
    const response = await fetch(`${erpUrl}/erp/v1/cost_postings?${query}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    if (!response.ok) throw new Error(`sandbox ERP cost postings answered ${response.status}`);
    const page = (await response.json()) as CostPostingPage;
    for (const posting of page.data) {
      postings += 1;
      const seq = seqOfSource.get(posting.source_ref);
      if (seq === undefined) {
        unknownSources += 1;
        continue;
      }
      const previous = lastSeq.get(posting.project_id) ?? -1;
      if (seq < previous) {
        outOfOrder += 1;
        if (examples.length < 5)
          examples.push(
            `${posting.source_ref} (seq ${seq}) booked after seq ${previous} on ${posting.project_id}`,
          );
      } else lastSeq.set(posting.project_id, seq);
    }
    after = page.has_more ? page.next_after : null;
  } while (after !== null);
  return { postings, projects: lastSeq.size, outOfOrder, unknownSources, examples };
}

export function formatOrder(order: OrderCheck): string {
  return `${formatCount(order.postings)} cost postings on ${formatCount(order.projects)} projects in the ERP's booking order: ${formatCount(order.outOfOrder)} out of Ledgerline's intake order per project${order.unknownSources > 0 ? `, ${formatCount(order.unknownSources)} of unknown source` : ''}`;
}
