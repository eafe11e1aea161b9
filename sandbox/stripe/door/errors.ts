// Stripe's error envelope. Handlers throw ApiError; the server turns it into `{ error: {...} }` with the status,
// which the real SDK maps to its error classes (400/404 → StripeInvalidRequestError, 500 → StripeAPIError, …).
export type ErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  envelope(): { error: { type: ErrorType; code?: string; message: string; param?: string } } {
    return { error: { type: this.type, code: this.code, message: this.message, param: this.param } }
  }
}

/** 404 for an id in the URL; 400 with `param` for an id passed as a parameter, as Stripe answers. */
export function noSuch(kind: string, id: string, param?: string): ApiError {
  return new ApiError(param ? 400 : 404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param)
}

export function invalid(message: string, param?: string, code?: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message, code, param)
}
