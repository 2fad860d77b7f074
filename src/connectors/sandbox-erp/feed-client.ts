// Reads one page of the ERP's change feed. A failed request throws (retryable or not); a page that is
// not the documented shape is answered as `bad-page`, never thrown, so bad data cannot wedge a poller.
import type { ErpHttpClient } from './erp-http-client.ts';
import { parseRetryAfter } from './retry-after.ts';
import { ErpFeedRejectedError, ErpFeedUnavailableError } from './source-errors.ts';
import { compileChecker } from './vendor-checker.ts';
import { ChangePage, changesPath } from './wire-feed.ts';

export type FeedAnswer =
  | {
      readonly ok: true;
      readonly data: readonly unknown[];
      readonly hasMore: boolean;
      readonly nextAfter: string | null;
    }
  | { readonly ok: false; readonly message: string };

const checkPage = compileChecker(ChangePage);

function vendorCode(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | null | undefined)?.error?.code;
  return typeof code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(code) ? code : undefined;
}

export async function fetchChanges(
  client: ErpHttpClient,
  after: string | undefined,
  limit: number,
  nowMs: () => number = Date.now,
): Promise<FeedAnswer> {
  const query = new URLSearchParams({ limit: String(limit), ...(after === undefined ? {} : { after }) });
  const path = `${changesPath}?${query.toString()}`;
  const outcome = await client.getJson(path);
  if (outcome.kind === 'timeout')
    throw new ErpFeedUnavailableError('erp.timeout', outcome.message, undefined);
  if (outcome.kind === 'network')
    throw new ErpFeedUnavailableError('erp.unavailable', `GET ${path} failed: ${outcome.message}`, undefined);
  const { status, body } = outcome;
  if (status !== 200) {
    const wait = parseRetryAfter(outcome.retryAfter, nowMs());
    const message = `GET ${path} answered ${status}${vendorCode(body) === undefined ? '' : ` ${vendorCode(body)}`}`;
    if (status === 429) throw new ErpFeedUnavailableError('erp.rate_limited', message, wait);
    if (status >= 500) throw new ErpFeedUnavailableError('erp.unavailable', message, wait);
    throw new ErpFeedRejectedError(`erp.${vendorCode(body) ?? `http_${status}`}`, message, status);
  }
  const page = checkPage(body);
  if (!page.ok)
    return { ok: false, message: `GET ${path} answered an invalid page: ${page.errors.join('; ')}` };
  return { ok: true, data: page.value.data, hasMore: page.value.has_more, nextAfter: page.value.next_after };
}
