// Sensitive fields are marked on the contract schemas themselves (issue 8), so the schemas stay the single
// source of truth: the store encrypts what they mark, the API and logs mask it, erasure pseudonymises it,
// and the exported JSON Schemas carry the same mark for consumers outside TypeScript.
import type { TSchema } from '@sinclair/typebox';

/** `personal`: about an identifiable person (GDPR). `financial`: cost rates, bank and billing details. */
export type Sensitivity = 'personal' | 'financial';

/** The JSON Schema annotation (an `x-` keyword, which validators are told to accept and ignore). */
export const sensitiveKeyword = 'x-sensitive';

/** The schema with the mark added; TypeBox keeps unknown keys, so it survives composition and export. */
export function sensitive<T extends TSchema>(kind: Sensitivity, schema: T): T {
  return { ...schema, [sensitiveKeyword]: kind };
}

export function sensitivityOf(schema: unknown): Sensitivity | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const mark = (schema as Record<string, unknown>)[sensitiveKeyword];
  return mark === 'personal' || mark === 'financial' ? mark : undefined;
}
