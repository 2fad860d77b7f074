// Where the sensitive fields are, derived from the marked schemas: per event type (paths into the whole
// CloudEvent, e.g. `data.costRate`) and per canonical object (paths into the object itself).
import type { TSchema } from '@sinclair/typebox';
import { eventCatalog, eventNames } from '../events/catalog.ts';
import { Customer } from '../objects/customer.ts';
import { Expense } from '../objects/expense.ts';
import { IssuedInvoice } from '../objects/invoice.ts';
import { Opportunity } from '../objects/opportunity.ts';
import { Payment } from '../objects/payment.ts';
import { Project } from '../objects/project.ts';
import { Resource } from '../objects/resource.ts';
import { TimeEntry } from '../objects/time-entry.ts';
import { sensitivityOf, type Sensitivity } from './mark.ts';

/** A field's location: property names, and `*` for every item of an array. */
export interface SensitivePath {
  readonly path: readonly string[];
  readonly sensitivity: Sensitivity;
}

function walk(schema: unknown, at: readonly string[], out: SensitivePath[]): void {
  if (schema === null || typeof schema !== 'object') return;
  const mark = sensitivityOf(schema);
  if (mark !== undefined) {
    // The whole value is sensitive: nothing below needs a path of its own.
    out.push({ path: at, sensitivity: mark });
    return;
  }
  const s = schema as Record<string, unknown>;
  const properties = s.properties;
  if (properties !== null && typeof properties === 'object')
    for (const [name, child] of Object.entries(properties)) walk(child, [...at, name], out);
  if (s.items !== undefined) walk(s.items, [...at, '*'], out);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) for (const child of list) walk(child, at, out);
  }
}

/** Every marked field of a schema, deduplicated (a union may name one field twice). */
export function sensitivePathsOf(schema: TSchema): readonly SensitivePath[] {
  const found: SensitivePath[] = [];
  walk(schema, [], found);
  const seen = new Set<string>();
  return found.filter((p) => {
    const key = p.path.join('.');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Event type (`io.ledgerline.resource.updated.v1`) -> its sensitive paths; types without any are absent. */
export const sensitivePathsByEventType: ReadonlyMap<string, readonly SensitivePath[]> = new Map(
  eventNames
    .map((name) => [eventCatalog[name].type, sensitivePathsOf(eventCatalog[name].schema)] as const)
    .filter(([, paths]) => paths.length > 0),
);

/** Canonical objects the store keeps as master data, by the store's kind name. */
const objectSchemas: Readonly<Record<string, TSchema>> = {
  resource: Resource,
  customer: Customer,
  project: Project,
  opportunity: Opportunity,
  invoice: IssuedInvoice,
  payment: Payment,
  expense: Expense,
  'time-entry': TimeEntry,
};

export const sensitivePathsByObjectKind: ReadonlyMap<string, readonly SensitivePath[]> = new Map(
  Object.entries(objectSchemas)
    .map(([kind, schema]) => [kind, sensitivePathsOf(schema)] as const)
    .filter(([, paths]) => paths.length > 0),
);

/**
 * Property names that are marked wherever a schema has them (`costRate`, `taxId`, `approvedBy`, ...), for
 * JSON without a schema of its own (outbox commands, dead-letter details, log lines). A name some schema
 * leaves unmarked (`name`: a project's name is not personal) is not in it; such fields are masked only
 * where their schema is known.
 */
export const sensitiveFieldNames: readonly string[] = (() => {
  const marked = new Set<string>();
  const unmarked = new Set<string>();
  const visit = (schema: unknown): void => {
    if (schema === null || typeof schema !== 'object') return;
    const s = schema as Record<string, unknown>;
    const properties = s.properties;
    if (properties !== null && typeof properties === 'object')
      for (const [name, child] of Object.entries(properties)) {
        (sensitivityOf(child) === undefined ? unmarked : marked).add(name);
        visit(child);
      }
    if (s.items !== undefined) visit(s.items);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = s[key];
      if (Array.isArray(list)) list.forEach(visit);
    }
  };
  for (const name of eventNames) visit(eventCatalog[name].schema);
  Object.values(objectSchemas).forEach(visit);
  return [...marked].filter((n) => !unmarked.has(n)).sort();
})();
