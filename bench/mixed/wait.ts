// Waiting for the run to finish, with progress on stderr: the sandboxes' reports are polled once a second
// (as the time workload polls the ERP's) until they hold everything the run's events must produce, or
// until nothing has moved for `stallSeconds` (something parked, rejected or dead: the store says which).
// Master-data changes leave no count to poll; the store is asked about them once the counts are in.
import type { ErpReport } from '../../src/connectors/sandbox-erp/report.ts';
import type { PsaReport } from '../../src/connectors/sandbox-psa/server.ts';
import { formatCount, type ProgressLine } from '../../src/demo/progress.ts';
import { erpReport, psaReport } from './http.ts';
import type { Expected } from './plan.ts';
import type { Sending } from './send.ts';
import type { StoreReader } from './store-figures.ts';
import type { Systems } from './systems.ts';

export interface Delivered {
  readonly erp: ErpReport;
  readonly psa: PsaReport;
  /** Whether the wait gave up because nothing moved. */
  readonly stalled: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counts(erp: ErpReport, psa: PsaReport) {
  return {
    time: erp.costPostings.count,
    expenses: erp.expenses.count,
    milestones: erp.billingReleases.count,
    invoices: psa.invoices.count,
    payments: psa.payments.count,
  };
}

export async function waitForDeliveries(
  systems: Systems,
  expected: Expected,
  sending: Sending,
  total: number,
  options: { readonly stallSeconds: number; readonly progress: ProgressLine },
): Promise<Delivered> {
  const target = {
    time: expected.erp.costPostings,
    expenses: expected.erp.expenses,
    milestones: expected.erp.releases,
    invoices: expected.psa.invoices,
    payments: expected.psa.payments,
  };
  const goal = Object.values(target).reduce((a, b) => a + b, 0);
  let intakeOver = false;
  void sending.ended.then(() => (intakeOver = true));
  let lastDone = -1;
  let lastChange = performance.now();
  for (;;) {
    const failure = sending.failure();
    if (failure) throw failure;
    const [erp, psa] = await Promise.all([
      erpReport(systems.erp.url, systems.erpApiKey),
      psaReport(systems.psa.url),
    ]);
    const now = counts(erp, psa);
    const done = Object.values(now).reduce((a, b) => a + b, 0);
    options.progress.render({
      phase: 'Mixed',
      done,
      total: goal,
      detail: `accepted ${formatCount(sending.accepted())}/${formatCount(total)}  time ${formatCount(now.time)}  expenses ${formatCount(now.expenses)}  milestones ${formatCount(now.milestones)}  invoices ${formatCount(now.invoices)}  payments ${formatCount(now.payments)}`,
    });
    if (done >= goal && intakeOver) return { erp, psa, stalled: false };
    if (done !== lastDone) {
      lastDone = done;
      lastChange = performance.now();
    } else if (intakeOver && performance.now() - lastChange > options.stallSeconds * 1000) {
      return { erp, psa, stalled: true };
    }
    await sleep(1000);
  }
}

/** Waits (up to `seconds`) until no event of the run is still being decided or delivered; answers how many are. */
export async function settle(reader: StoreReader, fromSeq: number, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let moving = reader.moving(fromSeq);
  while (moving > 0 && performance.now() < deadline) {
    await sleep(250);
    moving = reader.moving(fromSeq);
  }
  return moving;
}
