// Reference dimensions: the small code lists the ERP owns and every posting is tagged with. `active`
// matters because an ERP refuses postings to a disabled code, and the refusal should be predictable.
import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode, DecimalString, LegalEntityCode, ReferenceCode } from '../primitives.ts';
import { TaxTreatment } from './project.ts';

const name = Type.String({ minLength: 1, maxLength: 200 });
const active = Type.Boolean({ description: 'Whether the ERP accepts new postings with this code' });

export const Currency = Type.Object(
  { code: CurrencyCode, name, active },
  { additionalProperties: false, $id: 'Currency' },
);
export type Currency = Static<typeof Currency>;

/** A tax code carries its rate (percent, e.g. "20.00") so an invoice's tax can be checked against it. */
export const TaxCode = Type.Object(
  {
    code: ReferenceCode,
    name,
    treatment: TaxTreatment,
    ratePercent: DecimalString,
    active,
  },
  { additionalProperties: false, $id: 'TaxCode' },
);
export type TaxCode = Static<typeof TaxCode>;

/** Cost centres usually belong to one legal entity's chart; a group-wide one has none. */
export const CostCentre = Type.Object(
  { code: ReferenceCode, name, legalEntityId: Type.Optional(LegalEntityCode), active },
  { additionalProperties: false, $id: 'CostCentre' },
);
export type CostCentre = Static<typeof CostCentre>;

export const Department = Type.Object(
  { code: ReferenceCode, name, active },
  { additionalProperties: false, $id: 'Department' },
);
export type Department = Static<typeof Department>;
