// Stripe's error envelope. Handlers throw ApiError; the server turns it into `{ error: {...} }` with the status,
// which the real SDK maps to its error classes (400/404 → StripeInvalidRequestError, 500 → StripeAPIError, …).
export type ErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' | 'temporary_session_expired'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    /** For a card error, the issuer's reason (https://docs.stripe.com/declines/codes), e.g. `generic_decline`. */
    readonly declineCode?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /**
   * Stripe's error object (https://docs.stripe.com/api/errors): `doc_url` comes with every error that has a code.
   * `request_log_url` is left out: it points into the Dashboard's request logs, which a sandbox does not have. The
   * sandbox's own codes (`sandbox_…`, see not-modelled.ts) have no Stripe page, so no `doc_url`.
   */
  envelope(): { error: { type: ErrorType; code?: string; decline_code?: string; doc_url?: string; message: string; param?: string } } {
    const { type, code, declineCode, message, param } = this
    const docUrl = code && !code.startsWith('sandbox_') ? errorDocUrl(code) : undefined
    return { error: { type, code, decline_code: declineCode, doc_url: docUrl, message, param } }
  }
}

/**
 * The page for an error code, as Stripe links it in `doc_url`: `resource_missing` →
 * https://stripe.com/docs/error-codes/resource-missing (the form seen in Stripe's answers, e.g.
 * redwoodjs/example-store-stripe#168 and MarcinusX/flutter_stripe_demo#4; it redirects to docs.stripe.com).
 */
export function errorDocUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`
}

/** 404 for an id in the URL; 400 with `param` for an id passed as a parameter, as Stripe answers. */
export function noSuch(kind: string, id: string, param?: string): ApiError {
  return new ApiError(param ? 400 : 404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param)
}

export function invalid(message: string, param?: string, code?: string): ApiError {
  return new ApiError(400, 'invalid_request_error', message, code, param)
}
