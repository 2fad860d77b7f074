// One finance scenario's world: its own Tryton database, a Redmine project with one consultant, and
// `ledgerline serve` (a child process) between them with the period-close policy and cost-rate currency
// the scenario names. What a test reads back is read as an operator would: Tryton's timesheet lines over
// JSON-RPC, an event's state through GET /v1/events/{id}, the dead-letter queue through the CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../../src/config/schema.ts';
import {
  fieldNames,
  RedmineAdmin,
  REDMINE_API_KEY,
} from '../../../src/connectors/redmine/test-support/redmine-admin.ts';
import {
  fromDate,
  fromDecimal,
  timedeltaToHours,
  type WireDate,
  type WireDecimal,
  type WireTimeDelta,
} from '../../../src/connectors/tryton/codec.ts';
import type { TrytonRpc } from '../../../src/connectors/tryton/rpc-client.ts';
import { newDatabase, type TestDatabase } from '../../../src/connectors/tryton/test-support/tryton-db.ts';
import type { PeriodClosePolicy } from '../../../src/domain/finance/periods.ts';
import { startChildService, writeConfig, type ChildService } from '../../support/child-service.ts';
import { redmineTrytonConfig } from '../../support/redmine-tryton-config.ts';
import { eventsAbout } from '../../support/store-peek.ts';
import { waitFor } from '../../support/wait.ts';

/** A Tryton timesheet line as an accountant reads it. */
export interface BookedLine {
  readonly date: string;
  readonly hours: string | undefined;
  readonly description: string;
  readonly costPrice: string;
}

export interface EventState {
  readonly state: string;
  readonly reason: string | null;
  readonly reasonCode: string | null;
  readonly event: { readonly data: Record<string, unknown> };
}

interface WireLine {
  uuid: string;
  date: WireDate;
  duration: WireTimeDelta;
  description: string;
  cost_price: WireDecimal;
}

const KEY_ENV = 'LL_E2E_REDMINE_KEY';

export class FinanceWorld {
  readonly redmine = new RedmineAdmin();
  readonly rpc: TrytonRpc;
  #service: ChildService | undefined;
  #serial = 0;

  private constructor(
    readonly dir: string,
    readonly db: TestDatabase,
    readonly configFile: string,
    readonly projectId: number,
    readonly userId: number,
  ) {
    this.rpc = db.rpc();
  }

  /**
   * A project billed in EUR at `billRate`, one consultant at `costRate` (in `costCurrency`, the Redmine
   * connector's Cost rate currency), and the policy for postings dated in a closed period.
   */
  static async open(
    label: string,
    o: { policy: PeriodClosePolicy; billRate: string; costRate: string; costCurrency: string },
  ): Promise<FinanceWorld> {
    const dir = mkdtempSync(join(tmpdir(), `ledgerline-e2e-${label}-`));
    const db = await newDatabase(`e2e_${label}`);
    const redmine = new RedmineAdmin();
    const suffix = `${Date.now().toString(36)}${process.pid.toString(36)}`;
    const userId = await redmine.createUser(`${label}${suffix}`, { [fieldNames.costRate]: o.costRate });
    const projectId = await redmine.createProject(`e2e-${label}-${suffix}`, {
      [fieldNames.customer]: `Finance ${label} BV`,
      [fieldNames.legalEntity]: 'LL-NL',
      [fieldNames.billRate]: o.billRate,
      [fieldNames.currency]: 'EUR',
    });
    await redmine.addMember(projectId, userId);
    const base = redmineTrytonConfig({
      dir,
      trytonDatabase: db.name,
      redmineProjects: [projectId],
      redmineKeyEnv: KEY_ENV,
      redminePollMs: 300,
      trytonPollMs: 300,
      delivery: { batchSize: 200, concurrency: 2, maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 2000 },
    });
    const config: Config = {
      ...base,
      systems: {
        ...base.systems,
        psa: base.systems.psa.map((psa) =>
          psa.connector === 'redmine' ? { ...psa, resourceDefaults: { currency: o.costCurrency } } : psa,
        ),
      },
      finance: { periodClose: { policy: o.policy } },
    };
    process.env[KEY_ENV] = REDMINE_API_KEY;
    return new FinanceWorld(dir, db, writeConfig(dir, config), projectId, userId);
  }

  get store(): string {
    return join(this.dir, 'ledgerline.sqlite');
  }

  get url(): string {
    if (this.#service === undefined) throw new Error('the service is not running');
    return this.#service.url;
  }

  async start(): Promise<void> {
    this.#service = await startChildService(this.configFile, {});
  }

  log(): string {
    return this.#service?.stderr().slice(-3000) ?? '';
  }

  async close(): Promise<void> {
    await this.#service?.kill('SIGKILL');
    this.#service = undefined;
    await this.db.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Logs approved time in Redmine; answers the canonical time entry id. */
  async approve(spentOn: string, hours: string): Promise<string> {
    this.#serial += 1;
    const id = await this.redmine.createEntry({
      project: this.projectId,
      user: this.userId,
      spentOn,
      hours: Number(hours),
      comments: `Finance work ${this.#serial}`,
      approved: true,
    });
    return `time:redmine:${id}`;
  }

  /** Tryton's timesheet line for a time entry, if it has one. */
  async line(timeEntryId: string): Promise<BookedLine | undefined> {
    const [row] = (await this.rpc.model(
      'timesheet.line',
      'search_read',
      [['uuid', '=', timeEntryId]],
      0,
      null,
      null,
      ['uuid', 'date', 'duration', 'description', 'cost_price'],
    )) as WireLine[];
    return (
      row && {
        date: fromDate(row.date),
        hours: timedeltaToHours(row.duration),
        description: row.description,
        costPrice: fromDecimal(row.cost_price),
      }
    );
  }

  /** Waits for the time entry's line in Tryton. */
  booked(timeEntryId: string): Promise<BookedLine> {
    return this.until(`${timeEntryId} booked in Tryton`, () => this.line(timeEntryId));
  }

  /** The service's view (GET /v1/events/{id}) of every event about `subject`, oldest first. */
  async eventsAbout(subject: string): Promise<EventState[]> {
    const views: EventState[] = [];
    for (const e of eventsAbout(this.store, subject)) {
      const res = await fetch(
        `${this.url}/v1/events/${encodeURIComponent(e.id)}?source=${encodeURIComponent(e.source)}`,
      );
      if (res.status !== 200) throw new Error(`GET /v1/events/${e.id}: ${res.status} ${await res.text()}`);
      views.push((await res.json()) as EventState);
    }
    return views;
  }

  /** Waits until the service has decided Tryton's latest state of a period of LL-NL. */
  async periodKnown(month: string, status: 'open' | 'closed'): Promise<void> {
    await this.until(`Ledgerline holds ${month} as ${status}`, async () => {
      const latest = (await this.eventsAbout(`accounting-period:tryton:LL-NL-${month}`)).at(-1);
      return latest?.state === 'completed' && latest.event.data['status'] === status;
    });
  }

  /** Waits until the service has decided Tryton's rate of `from` into EUR from `date`. */
  async rateKnown(from: string, date: string, rate: string): Promise<void> {
    await this.until(`Ledgerline holds ${from}->EUR ${rate} from ${date}`, async () => {
      const latest = (await this.eventsAbout(`fx-rate:tryton:${from}-EUR-${date}`)).at(-1);
      return latest?.state === 'completed' && latest.event.data['rate'] === rate;
    });
  }

  /** Polls until `check` answers; on a time-out the service's log is in the error. */
  async until<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
    return waitFor(what, check, 120_000, 300).catch((error: unknown) => {
      throw new Error(`${String(error)}\nservice log:\n${this.log()}`);
    });
  }
}
