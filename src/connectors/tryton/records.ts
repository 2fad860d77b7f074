// The shapes of what the connector reads from Tryton, checked at the edge before anything is used.
// Only the fields asked for are listed; Tryton adds `id` to every row. Many2One fields come as ids.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { WireDate, WireDateTime, WireDecimal, WireTimeDelta } from './codec.ts';
import { checkerOf } from './rpc-client.ts';

const Id = Type.Integer({ minimum: 1 });
const RefId = Type.Union([Id, Type.Null()]);
const Text = Type.Union([Type.String(), Type.Null()]);
const row = <P extends Record<string, TSchema>>(props: P) =>
  Type.Object({ id: Id, ...props }, { additionalProperties: true });

export const Ids = checkerOf(Type.Array(Id));

export const CompanyRow = row({ currency: Id, 'currency.': Type.Object({ code: Type.String() }) });
export const NamedRow = row({ name: Type.String() });

export const IdentifierRow = row({ code: Type.String(), party: Id });
export type IdentifierRow = Static<typeof IdentifierRow>;

export const EmployeeRow = row({ party: Id });

export const WorkRow = row({
  name: Type.String(),
  type: Type.Union([Type.Literal('project'), Type.Literal('task')]),
  company: Id,
  parent: RefId,
  party: RefId,
  comment: Text,
  list_price: Type.Union([WireDecimal, Type.Null()]),
  timesheet_works: Type.Array(Id),
  status: Id,
  timesheet_end_date: Type.Union([WireDate, Type.Null()]),
});
export type WorkRow = Static<typeof WorkRow>;

export const LineRow = row({
  uuid: Text,
  description: Text,
  work: Id,
  employee: Id,
  date: WireDate,
  duration: WireTimeDelta,
  cost_price: WireDecimal,
  invoice_line: RefId,
});
export type LineRow = Static<typeof LineRow>;

export const CostPriceRow = row({ employee: Id, date: WireDate, cost_price: WireDecimal });
export type CostPriceRow = Static<typeof CostPriceRow>;

export const TimesheetWorkRow = row({ origin: Text });

export const InvoiceRow = row({
  number: Text,
  state: Type.String(),
  type: Type.String(),
  party: Id,
  invoice_date: Type.Union([WireDate, Type.Null()]),
  'currency.': Type.Object({ code: Type.String() }),
  untaxed_amount: WireDecimal,
  tax_amount: WireDecimal,
  total_amount: WireDecimal,
  amount_to_pay: Type.Union([WireDecimal, Type.Null()]),
  lines: Type.Array(Id),
  lines_to_pay: Type.Array(Id),
  payment_lines: Type.Array(Id),
  write_date: WireDateTime,
});
export type InvoiceRow = Static<typeof InvoiceRow>;

export const InvoiceLineRow = row({
  type: Type.String(),
  description: Text,
  quantity: Type.Union([Type.Number(), Type.Null()]),
  unit_price: Type.Union([WireDecimal, Type.Null()]),
  amount: WireDecimal,
  taxes: Type.Array(Id),
});
export type InvoiceLineRow = Static<typeof InvoiceLineRow>;

export const MoveLineRow = row({
  date: WireDate,
  debit: WireDecimal,
  credit: WireDecimal,
  maturity_date: Type.Union([WireDate, Type.Null()]),
  description: Text,
});
export type MoveLineRow = Static<typeof MoveLineRow>;

/** When a record last changed: Tryton leaves `write_date` empty until the first write. */
const Stamped = {
  write_date: Type.Union([WireDateTime, Type.Null()]),
  create_date: Type.Union([WireDateTime, Type.Null()]),
};

export const PeriodRow = row({
  name: Type.String(),
  start_date: WireDate,
  end_date: WireDate,
  state: Type.String(),
  ...Stamped,
});
export type PeriodRow = Static<typeof PeriodRow>;

export const CurrencyRow = row({ code: Type.String() });

export const RateRow = row({ currency: Id, date: WireDate, rate: WireDecimal, ...Stamped });
export type RateRow = Static<typeof RateRow>;

export const WrittenRow = row({ write_date: Type.Union([WireDateTime, Type.Null()]) });

/** A checker for a list of rows, compiled once per schema. */
export const rows = <S extends TSchema>(schema: S) => checkerOf(Type.Array(schema));
