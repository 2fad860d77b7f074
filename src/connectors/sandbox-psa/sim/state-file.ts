// Persists the store as one JSON file so a sandbox survives a restart with its feed, cursors and
// subscriptions intact. Writes are coalesced (one write per burst of changes) and atomic (temp file, then
// rename), so a crash mid-write leaves the previous state. Webhook counters ride along with other writes
// and the final one on close, not on every delivery.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Type } from '@sinclair/typebox';
import { FirmCompany } from '../firm.ts';
import { VendorClient, VendorInvoice, VendorPayment } from '../vendor/billing-records.ts';
import {
  VendorExpense,
  VendorMilestone,
  VendorRateCard,
  VendorTaskPlan,
} from '../vendor/delivery-records.ts';
import {
  ActivityEnvelope,
  VendorProject,
  VendorTimeEntry,
  VendorUser,
  activityKinds,
  type VendorActivity,
} from '../vendor/schemas.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import type { StoreContents } from './store.ts';

const count = Type.Integer({ minimum: 0 });
const StateFile = Type.Object({
  version: Type.Literal(1),
  companies: Type.Array(FirmCompany),
  users: Type.Array(VendorUser),
  projects: Type.Array(VendorProject),
  time_entries: Type.Array(VendorTimeEntry),
  // Added with the PSA's write API and delivery records; a file written before them has none.
  clients: Type.Optional(Type.Array(VendorClient)),
  expenses: Type.Optional(Type.Array(VendorExpense)),
  milestones: Type.Optional(Type.Array(VendorMilestone)),
  task_plans: Type.Optional(Type.Array(VendorTaskPlan)),
  rate_cards: Type.Optional(Type.Array(VendorRateCard)),
  invoices: Type.Optional(Type.Array(VendorInvoice)),
  payments: Type.Optional(Type.Array(VendorPayment)),
  idempotency: Type.Optional(
    Type.Array(
      Type.Object({
        key: Type.String(),
        fingerprint: Type.String(),
        status: Type.Integer(),
        body: Type.Unknown(),
      }),
    ),
  ),
  activities: Type.Array(
    Type.Object({
      ...ActivityEnvelope.properties,
      kind: Type.Union(activityKinds.map((k) => Type.Literal(k))),
    }),
  ),
  subscriptions: Type.Array(
    Type.Object({ id: Type.String(), url: Type.String(), created_at: Type.String() }),
  ),
  webhooks: Type.Object({ delivered: count, duplicatesSent: count, failed: count }),
});
const checkStateFile = compileChecker(StateFile);

/** The saved contents, or undefined when the file does not exist yet. Throws on a corrupt file. */
export async function loadStateFile(path: string): Promise<StoreContents | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`state file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const result = checkStateFile(parsed);
  if (!result.ok)
    throw new Error(`state file ${path} is not a sandbox PSA state: ${result.errors.join('; ')}`);
  // Snapshots were checked when first published; only their pairing with the kind is taken on trust here.
  const saved = result.value;
  return {
    ...saved,
    clients: saved.clients ?? [],
    expenses: saved.expenses ?? [],
    milestones: saved.milestones ?? [],
    task_plans: saved.task_plans ?? [],
    rate_cards: saved.rate_cards ?? [],
    invoices: saved.invoices ?? [],
    payments: saved.payments ?? [],
    idempotency: saved.idempotency ?? [],
    activities: saved.activities as VendorActivity[],
  };
}

export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastError: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly contents: () => StoreContents,
    private readonly delayMs = 200,
  ) {}

  markDirty(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, this.delayMs);
  }

  /** Writes now; rejects if this or an earlier background write failed. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.write();
    if (this.lastError !== undefined) throw this.lastError;
  }

  private write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        const json = JSON.stringify({ version: 1, ...this.contents() });
        const temp = `${this.path}.tmp`;
        await mkdir(dirname(this.path), { recursive: true });
        await writeFile(temp, json);
        await rename(temp, this.path);
      } catch (error) {
        this.lastError = error instanceof Error ? error : new Error(String(error));
      }
    });
    return this.writing;
  }
}
