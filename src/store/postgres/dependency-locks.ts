// Parking and releasing must not miss each other. On SQLite transactions run one at a time; here a
// decision that parks on "project P is provisioned" could check for P's cross-reference while the
// confirmation that writes it is still uncommitted, and that confirmation's release could run before the
// park is committed: each misses the other, and the event waits forever. So both sides take a lock on
// the dependency first (parks before checking, confirmations and master-data writes before writing), and
// whichever comes second sees what the first committed.
//
// Keys are folded into 256 buckets (a transaction-scoped advisory lock each, all taken in one statement in
// ascending order, so two transactions cannot deadlock on them): a batch of 1,000 parks holds at most 256
// locks, well within PostgreSQL's lock table, at the price of unrelated keys sometimes sharing a bucket.
import type { Queryable } from './database.ts';

// The lock's first half names the schema (advisory locks are database-wide: two Ledgerline stores in one
// database must not wait on each other), the second the bucket.
const lockClass = '.dependencies';
const buckets = 256;

function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

export async function lockDependencies(db: Queryable, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const wanted = [...new Set(keys.map(bucketOf))].sort((a, b) => a - b);
  await db.query(
    'SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1), b) FROM unnest($2::int[]) AS b ORDER BY b',
    [lockClass, wanted],
  );
}

/**
 * Deciding in seq order needs more than parks and releases meeting: intake decides a new event at once only
 * when nothing older of its queue is undecided, and a release makes older events undecided again. Were a
 * release to commit between intake's look for undecided events and its read of the context, intake could
 * decide a newer event with the released dependency in view before the older ones it released (an edit
 * posted before the approval it edits). So intake, and every transaction that releases parked events
 * (confirmations that release, master-data writes), first take both queues' decide locks, always in the
 * same order and before any dependency lock: one waits for the other.
 */
export async function lockDeciding(db: Queryable): Promise<void> {
  await db.query(
    "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.' || q)) FROM unnest($1::text[]) AS q ORDER BY q",
    [['ledgerline.decide.master', 'ledgerline.decide.transactional']],
  );
}
