// The set-up before the clock starts: the ERP's customers (written to the PSA), the PSA's projects
// (provisioned in the ERP) and consultants, all completed before the run, as in a firm already live.
import type { BenchFirm } from './firm.ts';
import { erpReport, post } from './http.ts';
import { setupEvents } from './master-events.ts';
import type { StoreReader } from './store-figures.ts';
import type { Systems } from './systems.ts';

export async function runSetup(
  systems: Systems,
  firm: BenchFirm,
  reader: StoreReader,
  batch: number,
): Promise<number> {
  const events = setupEvents(firm);
  for (let i = 0; i < events.length; i += batch)
    await post(
      `${systems.ledgerline.url}/v1/events`,
      JSON.stringify(events.slice(i, i + batch)),
      202,
      'intake (set-up)',
    );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const states = reader.states(0);
    const completed = states['completed'] ?? 0;
    const projects = (await erpReport(systems.erp.url, systems.erpApiKey)).projects;
    if (completed === events.length && projects === firm.projects.length) return events.length;
    if (Date.now() > deadline)
      throw new Error(
        `the set-up did not complete within 60 s: events ${JSON.stringify(states)}, ERP projects ${projects}/${firm.projects.length}\n${systems.ledgerline.output()}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}
