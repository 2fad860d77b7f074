// Every refusal of the sandbox is a SandboxCrmError: HTTP routes answer it as a 4xx JSON body, the
// programmatic handle throws it. Anything else reaching the error handler is a bug and answers 500.

export type SandboxCrmErrorCode = 'invalid_request' | 'not_found' | 'conflict' | 'unprocessable';

const statusOf: Record<SandboxCrmErrorCode, 400 | 404 | 409 | 422> = {
  invalid_request: 400,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
};

export class SandboxCrmError extends Error {
  readonly status: 400 | 404 | 409 | 422;

  constructor(
    readonly code: SandboxCrmErrorCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'SandboxCrmError';
    this.status = statusOf[code];
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: readonly string[] };
}

export function errorBody(code: string, message: string, details: readonly string[] = []): ErrorBody {
  return { error: details.length > 0 ? { code, message, details } : { code, message } };
}
