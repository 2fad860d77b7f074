import type { ErpErrorDetail } from './wire.ts';

/** The result of checking untrusted input: the typed value, or the vendor error to answer with. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErpErrorDetail };
