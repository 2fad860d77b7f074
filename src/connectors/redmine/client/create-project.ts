// A won deal becomes a Redmine project. Redmine takes no idempotency key, so the project code is the
// key: it becomes the project's identifier, which Redmine keeps unique; a project already holding it
// is the one an earlier attempt created (`replayed`), and a concurrent create that loses the race
// ("Identifier has already been taken") finds it the same way.
import type { CreateDeliveryProject } from '../../kit/commands.ts';
import type { PushResult } from '../../kit/connector.ts';
import type { JsonHttpOutcome } from '../../kit/json-http.ts';
import type { FieldIds } from './custom-fields.ts';
import { failureOf } from './push-outcome.ts';
import type { RedmineHttp } from './redmine-http.ts';

/** Redmine identifiers: 1-100 of a-z, 0-9, '-', '_', not all digits. "ACME-2026/01" -> "acme-2026-01". */
export function identifierOf(projectCode: string): string | undefined {
  const id = projectCode
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return id === '' || /^[0-9]+$/.test(id) ? undefined : id;
}

async function existing(http: RedmineHttp, identifier: string): Promise<PushResult | undefined> {
  const path = `/projects/${identifier}.json`;
  const outcome = await http.send('GET', path);
  if (outcome.kind === 'response' && outcome.status === 404) return undefined;
  const failure = failureOf(outcome, `GET ${path}`);
  if (failure !== undefined) return failure;
  return projectIdOf(outcome, `GET ${path}`, true);
}

/** The project id in Redmine's answer `{ project: { id } }`, as the command's result. */
function projectIdOf(outcome: JsonHttpOutcome, request: string, replayed: boolean): PushResult {
  const id = (
    outcome.kind === 'response' ? (outcome.body as { project?: { id?: unknown } } | undefined) : undefined
  )?.project?.id;
  if (typeof id !== 'number')
    return {
      outcome: 'reject',
      reasonCode: 'redmine.payload_invalid',
      message: `${request} answered no project id`,
    };
  return { outcome: 'ok', externalId: String(id), replayed };
}

export async function createProject(
  http: RedmineHttp,
  fields: FieldIds,
  { opportunity, customerExternalId, projectCode }: CreateDeliveryProject,
): Promise<PushResult> {
  if (opportunity.status !== 'closed-won')
    return {
      outcome: 'reject',
      reasonCode: 'psa.opportunity_not_won',
      message: `${opportunity.id} is ${opportunity.status}; only a won deal becomes a project`,
    };
  const identifier = identifierOf(projectCode);
  if (identifier === undefined)
    return {
      outcome: 'reject',
      reasonCode: 'redmine.invalid_identifier',
      message: `project code "${projectCode}" gives no Redmine identifier (letters, digits, '-', '_', not only digits)`,
    };
  const found = await existing(http, identifier);
  if (found !== undefined) return found;
  const values: [number | undefined, string | undefined][] = [
    [fields.customer, customerExternalId],
    [fields.legalEntity, opportunity.legalEntityId],
    [fields.currency, opportunity.currency],
  ];
  const body = {
    project: {
      name: opportunity.name,
      identifier,
      enabled_module_names: ['time_tracking'],
      custom_fields: values.flatMap(([id, value]) =>
        id === undefined || value === undefined ? [] : [{ id, value }],
      ),
    },
  };
  const outcome = await http.send('POST', '/projects.json', body);
  const failure = failureOf(outcome, `POST /projects.json (${identifier})`);
  if (
    failure?.reasonCode === 'redmine.validation' &&
    /Identifier has already been taken/.test(failure.message)
  )
    return (await existing(http, identifier)) ?? failure;
  if (failure !== undefined) return failure;
  return projectIdOf(outcome, 'POST /projects.json', false);
}
