// Which failure domain a reason code belongs to, and so which team an alert about it goes to. ONE table:
// every reason code the pipeline, the connectors and the intake use is listed here by name
// (test/ops/failure-domain.test.ts scans the source and fails on a code that is not). Vendors' own codes
// are open-ended (`erp.<code>`, `psa.http_<status>`), so families catch the ones no one has listed yet.

export const failureDomains = ['authentication', 'mapping', 'master-data', 'governance', 'sla'] as const;
export type FailureDomain = (typeof failureDomains)[number];

/** Failure domains that reason codes fall into; `sla` comes from the SLA monitor, never from a code. */
type CodeDomain = Exclude<FailureDomain, 'sla'>;

const byCode: Readonly<Record<CodeDomain, readonly string[]>> = {
  // A key, password or signature that was refused: platform engineering rotates or fixes it.
  authentication: [
    'webhook.signature_invalid',
    'webhook.timestamp_out_of_tolerance',
    'webhook.secret_not_configured',
    // A signed delivery received again as it was: a captured request replayed, or a sender resending.
    'webhook.replayed',
    'source.unauthorized',
    'erp.unauthorized',
    'erp.forbidden',
    'erp.http_401',
    'erp.http_403',
    'psa.http_401',
    'psa.http_403',
    'redmine.unauthorized',
    'tryton.unauthorized',
    'tryton.access_denied',
    'webhook.bad_signature',
    'webhook.not_configured',
    'harvest.unauthorized',
    'xero.unauthorized',
    'xero.forbidden',
    'xero.token_unavailable',
    // A stored field sealed under a key that is not configured (or altered): operate the field keys.
    'security.field_key_unavailable',
  ],
  // What a system of record owns was changed elsewhere: business operations decide.
  governance: ['governance.not_owner', 'governance.field_not_owned'],
  // Master or reference data missing, incomplete or in conflict (a project without its finance fields, a
  // rate card, a closed period, a customer the ERP does not know): business operations complete it.
  'master-data': [
    'readiness.project_incomplete',
    'readiness.opportunity_incomplete',
    'readiness.contract_incomplete',
    'readiness.unknown_legal_entity',
    'routing.no_psa',
    'routing.no_psa_for_project',
    'routing.unknown_target',
    'pricing.no_rate',
    'pricing.no_rate_card',
    'reconcile.unknown_customer',
    'period_closed',
    'correction.already_invoiced',
    'billing.milestone_on_time_and_materials',
    'lifecycle.illegal_transition',
    'erp.unknown_project',
    'erp.unknown_company',
    'erp.unknown_party',
    'erp.unknown_expense_category',
    'erp.tax_code_not_configured',
    'erp.project_closed',
    'erp.project_code_exists',
    'erp.contract_ref_exists',
    'erp.billing_item_already_released',
    'erp.billing_method_mismatch',
    'erp.company_mismatch',
    'psa.project_not_found',
    'psa.unknown_client',
    'psa.client_inactive',
    'psa.unknown_company',
    'psa.opportunity_not_won',
    'psa.project_code_exists',
    'psa.invoice_void',
    'tryton.customer_missing',
    'tryton.project_not_found',
    'tryton.line_missing',
    'redmine.not_found',
    'redmine.project_closed',
    'redmine.invoice_not_found',
    'redmine.no_time_entries',
    'harvest.not_found',
    'harvest.invoice_not_found',
    'xero.not_found',
    'xero.customer_missing',
  ],
  // A record that does not map or validate, and integration trouble that outlasted every retry (a target
  // unavailable, a bad answer): integration support looks at the mapping, the payload or the connection.
  mapping: [
    'mapping.bill_rate_missing',
    'mapping.currency_mismatch',
    'expense.currency_mismatch',
    'contract.fx_same_currency',
    'task_plan.invalid',
    'intake.unknown_type',
    'workflow.not_configured',
    'pipeline.decide_failed',
    'connector.no_result',
    'webhook.malformed',
    'webhook.invalid_record',
    'webhook.unknown_kind',
    'webhook.not_supported',
    'source.payload_invalid',
    'source.request_rejected',
    'source.unavailable',
    'source.rate_limited',
    'source.unreachable',
    'erp.bad_response',
    'erp.unavailable',
    'erp.rate_limited',
    'erp.timeout',
    'erp.invalid_change',
    'erp.invalid_page',
    'erp.unsupported_command',
    'erp.inconsistent_currency',
    'erp.currency_mismatch',
    'erp.functional_currency_mismatch',
    'erp.amount_mismatch',
    'erp.functional_amount_mismatch',
    'erp.tax_amount_mismatch',
    'erp.amount_precision',
    'erp.validation_failed',
    'erp.unknown_operation',
    'erp.invalid_batch',
    'erp.idempotency_key_in_flight',
    'erp.idempotency_key_missing',
    'erp.idempotency_key_reused',
    'psa.bad_response',
    'psa.unavailable',
    'psa.rate_limited',
    'psa.timeout',
    'psa.unsupported_command',
    'psa.inconsistent_currency',
    'psa.currency_mismatch',
    'psa.idempotency_key_invalid',
    'psa.idempotency_key_missing',
    'psa.idempotency_key_reused',
    'psa.invalid_request',
    'psa.invalid_ref',
    'psa.invalid_amount',
    'psa.invalid_dates',
    'psa.invoice_totals_inconsistent',
    'psa.not_found',
    'psa.conflict',
    'psa.unprocessable',
    'harvest.bad_response',
    'harvest.rate_limited',
    'harvest.timeout',
    'harvest.unavailable',
    'harvest.unreachable',
    'harvest.unsupported_command',
    'harvest.validation_failed',
    'webhook.unknown_event',
    'xero-projects.unsupported_command',
    'xero.bad_response',
    'xero.rate_limited',
    'xero.timeout',
    'xero.unavailable',
    'xero.unreachable',
    'xero.unsupported_command',
    'xero.validation_failed',
    'redmine.custom_field_missing',
    'redmine.invalid_identifier',
    'redmine.payload_invalid',
    'redmine.rate_limited',
    'redmine.request_rejected',
    'redmine.timeout',
    'redmine.unavailable',
    'redmine.unreachable',
    'redmine.validation',
    'tryton.bad_response',
    'tryton.concurrency',
    'tryton.concurrent_posting',
    'tryton.connector_error',
    'tryton.cost_not_applied',
    'tryton.currency_mismatch',
    'tryton.database_busy',
    'tryton.database_missing',
    'tryton.domain_invalid',
    'tryton.not_configured',
    'tryton.price_precision',
    'tryton.rate_limited',
    'tryton.request_rejected',
    'tryton.required_missing',
    'tryton.server_error',
    'tryton.timeout',
    'tryton.unavailable',
    'tryton.unreachable',
    'tryton.user_error',
    'tryton.user_warning',
  ],
};

const exact = new Map<string, CodeDomain>(
  Object.entries(byCode).flatMap(([domain, codes]) => codes.map((c) => [c, domain as CodeDomain] as const)),
);

/** For codes no one listed yet, in this order: a refused key anywhere is authentication, and so on. */
const families: readonly { readonly pattern: RegExp; readonly domain: CodeDomain }[] = [
  { pattern: /\.(unauthorized|forbidden|access_denied|http_401|http_403)$/, domain: 'authentication' },
  { pattern: /^governance\./, domain: 'governance' },
  { pattern: /^(readiness|routing|pricing|reconcile)\./, domain: 'master-data' },
  { pattern: /^(mapping|webhook|source|intake|workflow|pipeline|connector)\./, domain: 'mapping' },
  // A target's own refusal in its own words: a payload it would not take, until someone lists it better.
  { pattern: /^(erp|psa|crm|tryton|redmine)\./, domain: 'mapping' },
];

export interface Classification {
  readonly domain: CodeDomain;
  /** `exact`: listed by name; `family`: by its prefix or suffix; `default`: unknown, sent to integration. */
  readonly by: 'exact' | 'family' | 'default';
}

export function classifyReasonCode(code: string): Classification {
  const listed = exact.get(code);
  if (listed !== undefined) return { domain: listed, by: 'exact' };
  const family = families.find((f) => f.pattern.test(code));
  if (family) return { domain: family.domain, by: 'family' };
  return { domain: 'mapping', by: 'default' };
}

export function failureDomainOf(code: string): CodeDomain {
  return classifyReasonCode(code).domain;
}

/** Every code listed by name, for the test that checks the table covers what the source uses. */
export function listedReasonCodes(): ReadonlySet<string> {
  return new Set(exact.keys());
}
