// Readiness: a project may be provisioned in the ERP only when finance can account for it. The rule
// names every missing or unusable field at once, so the person fixing it needs one round trip.
import type { LegalEntity, Project } from '../contracts/index.ts';

export type ReadyProject = Project &
  Required<Pick<Project, 'legalEntityId' | 'currency' | 'taxTreatment' | 'billingModel'>>;

export interface ReadinessProblem {
  readonly field: 'legalEntityId' | 'currency' | 'taxTreatment' | 'billingModel';
  readonly problem: string;
}

export type Readiness =
  | { readonly ready: true; readonly project: ReadyProject; readonly enriched: readonly string[] }
  | { readonly ready: false; readonly problems: readonly ReadinessProblem[] };

/**
 * Checks a project against the configured legal entities. A missing currency is enriched from the
 * legal entity's functional currency (master data), and the enrichment is reported.
 */
export function checkProjectReadiness(
  project: Project,
  legalEntities: ReadonlyMap<string, LegalEntity>,
): Readiness {
  const problems: ReadinessProblem[] = [];
  const enriched: string[] = [];
  const entity = project.legalEntityId === undefined ? undefined : legalEntities.get(project.legalEntityId);
  if (project.legalEntityId === undefined) problems.push({ field: 'legalEntityId', problem: 'is missing' });
  else if (!entity) {
    const known = [...legalEntities.keys()].join(', ');
    problems.push({
      field: 'legalEntityId',
      problem: `"${project.legalEntityId}" is not a configured legal entity (known: ${known})`,
    });
  }
  let currency = project.currency;
  if (currency === undefined && entity) {
    currency = entity.functionalCurrency;
    enriched.push(`currency ${currency} from legal entity ${entity.id}`);
  }
  if (currency === undefined)
    problems.push({ field: 'currency', problem: 'is missing and no legal entity supplies one' });
  if (project.taxTreatment === undefined) problems.push({ field: 'taxTreatment', problem: 'is missing' });
  if (project.billingModel === undefined) problems.push({ field: 'billingModel', problem: 'is missing' });

  const { legalEntityId, taxTreatment, billingModel } = project;
  if (
    problems.length > 0 ||
    legalEntityId === undefined ||
    currency === undefined ||
    taxTreatment === undefined ||
    billingModel === undefined
  ) {
    return { ready: false, problems };
  }
  return {
    ready: true,
    project: { ...project, legalEntityId, currency, taxTreatment, billingModel },
    enriched,
  };
}

export function describeReadinessProblems(projectId: string, problems: readonly ReadinessProblem[]): string {
  const list = problems.map((p) => `${p.field} ${p.problem}`).join('; ');
  return `Project ${projectId} cannot be provisioned in the ERP: ${list}. Complete the project in the PSA (or the legal entity in the config) and it will be retried.`;
}
