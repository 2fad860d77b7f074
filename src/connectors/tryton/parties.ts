// Customers and employees are Tryton parties found by a `party.identifier` whose code is the canonical
// id (customer id, resource id): the one field Tryton indexes that an operator will not retype.
import { EmployeeRow, IdentifierRow, Ids, rows } from './records.ts';
import type { Books } from './setup.ts';

/** Party id per identifier code, for the codes that have one. */
export async function partiesByCode(books: Books, codes: readonly string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const found = await books.rpc.modelChecked(
    rows(IdentifierRow),
    'party.identifier',
    'search_read',
    [['code', 'in', [...codes]]],
    0,
    null,
    [['id', 'ASC']],
    ['code', 'party'],
  );
  const byCode = new Map<string, number>();
  for (const row of found) if (!byCode.has(row.code)) byCode.set(row.code, row.party);
  return byCode;
}

/** Creates parties in one call; `values` gets the identifier (and an address: RPC creates fill no children). */
export async function createParties(
  books: Books,
  parties: readonly { readonly code: string; readonly values: Record<string, unknown> }[],
): Promise<Map<string, number>> {
  if (parties.length === 0) return new Map();
  const ids = await books.rpc.modelChecked(
    Ids,
    'party.party',
    'create',
    parties.map((p) => ({
      ...p.values,
      identifiers: [['create', [{ code: p.code }]]],
      addresses: [['create', [{}]]],
    })),
  );
  return new Map(parties.map((p, i) => [p.code, ids[i] ?? 0]));
}

/** The employee (of the books' company) for each resource id, created with its party when absent. */
export async function ensureEmployees(
  books: Books,
  resourceIds: readonly string[],
): Promise<Map<string, number>> {
  const codes = [...new Set(resourceIds)];
  const parties = await partiesByCode(books, codes);
  const created = await createParties(
    books,
    codes.filter((c) => !parties.has(c)).map((code) => ({ code, values: { name: code } })),
  );
  for (const [code, party] of created) parties.set(code, party);
  const partyIds = [...parties.values()];
  const employees = await books.rpc.modelChecked(
    rows(EmployeeRow),
    'company.employee',
    'search_read',
    [
      ['party', 'in', partyIds],
      ['company', '=', books.company],
    ],
    0,
    null,
    [['id', 'ASC']],
    ['party'],
  );
  const byParty = new Map<number, number>();
  for (const e of employees) if (!byParty.has(e.party)) byParty.set(e.party, e.id);
  const toCreate = partyIds.filter((p) => !byParty.has(p));
  if (toCreate.length > 0) {
    const ids = await books.rpc.modelChecked(
      Ids,
      'company.employee',
      'create',
      toCreate.map((party) => ({ party, company: books.company })),
    );
    toCreate.forEach((party, i) => byParty.set(party, ids[i] ?? 0));
  }
  const result = new Map<string, number>();
  for (const [code, party] of parties) {
    const employee = byParty.get(party);
    if (employee !== undefined) result.set(code, employee);
  }
  return result;
}
