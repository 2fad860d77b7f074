// What a vendor's HTTP edge answers for one call: a body, a failure worth retrying (with the wait the vendor
// asked for), or a refusal. The connector never throws for a remote failure.
export type VendorOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly body: unknown }
  | {
      readonly kind: 'retry';
      readonly reasonCode: string;
      readonly message: string;
      readonly retryAfterMs?: number;
    }
  | {
      readonly kind: 'reject';
      readonly reasonCode: string;
      readonly message: string;
      readonly status?: number;
    };
