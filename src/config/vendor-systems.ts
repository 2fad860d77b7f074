// Configuration of the SaaS vendor connectors (issue 9): Harvest and Xero Projects as PSAs, Xero
// Accounting as an ERP.
// Kept beside schema.ts, which only lists them among the connector kinds.
import { Type } from '@sinclair/typebox';
import { CurrencyCode, LegalEntityCode, Money, ReferenceCode, TaxTreatment } from '../contracts/index.ts';

const SecretRef = Type.Union(
  [
    Type.Object({ env: Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' }) }, { additionalProperties: false }),
    Type.Object({ file: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  ],
  { description: '{ env: NAME } (upper-case) or { file: PATH }' },
);

/** As schema.ts's RotatingSecretRef: one secret, or a list while it is rotated. */
const RotatingSecretRef = Type.Union([SecretRef, Type.Array(SecretRef, { minItems: 1, maxItems: 8 })]);

const SystemId = Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' });

const PollConfig = Type.Object(
  {
    intervalMs: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 5000 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }),
  },
  { additionalProperties: false },
);

/** Harvest API v2: a personal access token (or an OAuth 2 access token) and the account id; polled. */
export const HarvestPsaSystemConfig = Type.Object(
  {
    id: SystemId,
    connector: Type.Literal('harvest'),
    baseUrl: Type.String({ format: 'uri', default: 'https://api.harvestapp.com/v2' }),
    accountId: Type.String({ pattern: '^[0-9]{1,20}$' }),
    accessToken: SecretRef,
    /** The account's currency: Harvest's time entries carry none. */
    currency: CurrencyCode,
    /** What every Harvest project takes (Harvest has no legal entities or tax treatment). */
    projectDefaults: Type.Object(
      {
        legalEntityId: LegalEntityCode,
        taxTreatment: TaxTreatment,
        taxCode: Type.Optional(ReferenceCode),
      },
      { additionalProperties: false },
    ),
    poll: Type.Optional(PollConfig),
  },
  { additionalProperties: false },
);

const XeroOAuthConfig = Type.Object(
  {
    tokenUrl: Type.String({ format: 'uri', default: 'https://identity.xero.com/connect/token' }),
    clientId: Type.String({ minLength: 1 }),
    clientSecret: SecretRef,
    /** Where the rotated refresh token is kept; Xero retires the old one at every refresh. */
    refreshTokenFile: Type.String({ minLength: 1 }),
    /** The refresh token of the first authorisation, used until the file exists. */
    initialRefreshToken: Type.Optional(SecretRef),
  },
  { additionalProperties: false },
);

/** Xero Projects: the same Xero connection as Accounting (same OAuth client and refresh-token file). */
export const XeroProjectsPsaSystemConfig = Type.Object(
  {
    id: SystemId,
    connector: Type.Literal('xero-projects'),
    baseUrl: Type.String({ format: 'uri', default: 'https://api.xero.com/projects.xro/2.0' }),
    tenantId: Type.String({ minLength: 1, maxLength: 64 }),
    oauth: XeroOAuthConfig,
    projectDefaults: Type.Object(
      {
        legalEntityId: LegalEntityCode,
        taxTreatment: TaxTreatment,
        taxCode: Type.Optional(ReferenceCode),
      },
      { additionalProperties: false },
    ),
    /** Xero users carry no cost rate: per user id, and for the rest. */
    costRates: Type.Object(
      {
        byUser: Type.Record(Type.String({ minLength: 1 }), Money, { default: {} }),
        default: Type.Optional(Money),
      },
      { additionalProperties: false },
    ),
    poll: Type.Optional(PollConfig),
  },
  { additionalProperties: false },
);

/** Xero Accounting API 2.0: OAuth 2 authorization code with refresh tokens, one organisation (tenant). */
export const XeroAccountingErpSystemConfig = Type.Object(
  {
    id: SystemId,
    connector: Type.Literal('xero-accounting'),
    baseUrl: Type.String({ format: 'uri', default: 'https://api.xero.com/api.xro/2.0' }),
    /** The organisation: the `xero-tenant-id` header (from GET https://api.xero.com/connections). */
    tenantId: Type.String({ minLength: 1, maxLength: 64 }),
    oauth: XeroOAuthConfig,
    /** The canonical legal entity the organisation books for. */
    legalEntityId: LegalEntityCode,
    salesAccountCode: Type.String({ minLength: 1, maxLength: 10, default: '200' }),
    /** Xero TaxType per Ledgerline tax code, e.g. { VAT20: OUTPUT2 }. */
    taxTypes: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }))),
    /** Time costs and non-billable expenses as manual journals; without it they are refused. */
    costJournal: Type.Optional(
      Type.Object(
        {
          debitAccountCode: Type.String({ minLength: 1, maxLength: 10 }),
          creditAccountCode: Type.String({ minLength: 1, maxLength: 10 }),
        },
        { additionalProperties: false },
      ),
    ),
    /** The app's webhook key (signs x-xero-signature). */
    webhookKey: Type.Optional(RotatingSecretRef),
    /** Poll approved invoices and payments back. */
    poll: Type.Optional(PollConfig),
  },
  { additionalProperties: false },
);
