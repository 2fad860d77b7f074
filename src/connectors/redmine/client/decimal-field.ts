// A rate typed into a Redmine float custom field ("150", "150.5", " 80.25 ") as a canonical decimal
// string. Money is never rounded here: a value with more than 6 decimals or an exponent is refused.

const DECIMAL = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;

export type DecimalField =
  | { readonly ok: true; readonly value: string | undefined }
  | { readonly ok: false; readonly message: string };

/** An empty field is `value: undefined`; a value that is not a plain decimal is a failure naming it. */
export function decimalField(raw: string | null | undefined, label: string): DecimalField {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: true, value: undefined };
  if (!DECIMAL.test(text))
    return { ok: false, message: `${label} "${text}" is not a decimal with at most 6 decimals` };
  return { ok: true, value: text };
}
