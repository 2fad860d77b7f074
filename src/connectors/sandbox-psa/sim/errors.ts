// Every refusal of the sandbox is a SandboxPsaError: HTTP routes answer it as a 4xx JSON body, the
// programmatic handle throws it. Anything else reaching the error handler is a bug and answers 500.
// The write API names its business refusals precisely (`unknown_client`), so a client can act on them;
// the body's code is then that name instead of the general kind.

export type SandboxPsaErrorCode = 'invalid_request' | 'not_found' | 'conflict' | 'unprocessable';

const statusOf: Record<SandboxPsaErrorCode, 400 | 404 | 409 | 422> = {
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
};

export class SandboxPsaError extends Error {
  readonly status: 400 | 404 | 409 | 422;
  /** The code the answer's body carries: `reason` when given, else the kind. */
  readonly bodyCode: string;

  constructor(
    readonly code: SandboxPsaErrorCode,
    message: string,
    readonly details: readonly string[] = [],
    reason?: string,
  ) {
    super(message);
    this.name = 'SandboxPsaError';
    this.status = statusOf[code];
    this.bodyCode = reason ?? code;
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: readonly string[] };
}

export function errorBody(code: string, message: string, details: readonly string[] = []): ErrorBody {
  return { error: details.length > 0 ? { code, message, details } : { code, message } };
}
