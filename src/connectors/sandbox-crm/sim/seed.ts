// Loads a CrmPipeline: checks what a schema cannot (ids unique, also against what is loaded; accounts
// exist; currencies are real; stage histories are possible and in time order), then stores the records
// and publishes every stage change in time order, as the CRM would have emitted them. Nothing is loaded
// when anything is wrong: duplicates are a conflict (409), the rest unprocessable (422).
import { CrmPipeline, type SeedDeal } from '../crm-pipeline.ts';
import { isKnownCurrency } from '../vendor/minor-units.ts';
import type { DealStage, VendorAccount, VendorDeal } from '../vendor/records.ts';
import { compileChecker } from '../../kit/schema-checker.ts';
import { checkInput } from './check-input.ts';
import { SandboxCrmError } from './errors.ts';
import { stageChangeProblem } from './stage-rules.ts';
import type { CrmStore } from './store.ts';

export interface SeedSummary {
  readonly accounts: number;
  readonly deals: number;
  readonly events: number;
  readonly last_event_id: string | null;
}

const MAX_REPORTED = 20;
const checkShape = compileChecker(CrmPipeline);

export function seedPipeline(store: CrmStore, body: unknown, now: string): SeedSummary {
  const pipeline = checkInput(checkShape, body, 'pipeline');
  checkPipeline(pipeline, store);

  for (const a of pipeline.accounts) {
    const account: VendorAccount = {
      id: a.id,
      name: a.name,
      legal_entity: a.legal_entity ?? null,
      default_currency: a.default_currency ?? null,
      created_at: now,
    };
    store.accounts.set(account.id, account);
  }
  const changes = pipeline.deals.flatMap((deal) =>
    deal.stages.map((change, index) => ({ deal, index, ...change, time: Date.parse(change.at) })),
  );
  changes.sort((a, b) => a.time - b.time || a.deal.id.localeCompare(b.deal.id) || a.index - b.index);
  const before = store.events.length;
  for (const { deal, index, stage, at } of changes) {
    const record: VendorDeal = { ...dealRecord(deal), stage, updated_at: at };
    store.deals.set(deal.id, record);
    store.publishStageChange(record, index === 0 ? null : (deal.stages[index - 1]?.stage ?? null), at);
  }
  return {
    accounts: pipeline.accounts.length,
    deals: pipeline.deals.length,
    events: store.events.length - before,
    last_event_id: store.events.at(-1)?.event_id ?? null,
  };
}

/** The stored record of a seeded deal, in its first stage; blank finance fields as null. */
function dealRecord(d: SeedDeal): VendorDeal {
  const first = d.stages[0];
  if (!first) throw new RangeError(`deal ${d.id} has no stages`); // the schema requires one
  return {
    id: d.id,
    account_id: d.account_id,
    title: d.title,
    deal_value_minor: d.deal_value_minor,
    currency_code: d.currency_code,
    close_date: d.close_date,
    start_date: d.start_date,
    owner_email: d.owner_email,
    booking_entity: d.booking_entity ?? null,
    billing_currency: d.billing_currency ?? null,
    billing_model: d.billing_model ?? null,
    tax_code: d.tax_code ?? null,
    stage: first.stage,
    created_at: first.at,
    updated_at: first.at,
  };
}

function checkPipeline(pipeline: CrmPipeline, store: CrmStore): void {
  const conflicts: string[] = [];
  const problems: string[] = [];
  const currency = (where: string, code: string | null | undefined): void => {
    if (code != null && !isKnownCurrency(code)) problems.push(`${where}: unknown currency "${code}"`);
  };

  const accounts = new Set(store.accounts.keys());
  pipeline.accounts.forEach((a, i) => {
    if (accounts.has(a.id)) conflicts.push(`/accounts/${i}: account ${a.id} already exists`);
    accounts.add(a.id);
    currency(`/accounts/${i}/default_currency`, a.default_currency);
  });

  const deals = new Set(store.deals.keys());
  pipeline.deals.forEach((d, i) => {
    const at = `/deals/${i}`;
    if (deals.has(d.id)) conflicts.push(`${at}: deal ${d.id} already exists`);
    deals.add(d.id);
    if (!accounts.has(d.account_id)) problems.push(`${at}/account_id: unknown account "${d.account_id}"`);
    currency(`${at}/currency_code`, d.currency_code);
    currency(`${at}/billing_currency`, d.billing_currency);
    let previous: { stage: DealStage; time: number } | undefined;
    d.stages.forEach((change, j) => {
      const problem = stageChangeProblem(previous?.stage ?? null, change.stage);
      if (problem !== undefined) problems.push(`${at}/stages/${j}: ${problem}`);
      const time = Date.parse(change.at);
      if (previous !== undefined && time < previous.time)
        problems.push(`${at}/stages/${j}/at: earlier than the change before it`);
      previous = { stage: change.stage, time };
    });
  });

  if (conflicts.length > 0)
    throw new SandboxCrmError(
      'conflict',
      'the pipeline reuses existing ids',
      conflicts.slice(0, MAX_REPORTED),
    );
  if (problems.length > 0)
    throw new SandboxCrmError(
      'unprocessable',
      'the pipeline is inconsistent',
      problems.slice(0, MAX_REPORTED),
    );
}
