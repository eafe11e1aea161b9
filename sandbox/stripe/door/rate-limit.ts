// Stripe's per-account rate limiter: "100 operations per second in live mode and 25 in test mode", refused with
// HTTP 429 and the error code `rate_limit` (https://docs.stripe.com/rate-limits). Off unless a test or benchmark
// asks for it, so ordinary tests are not slowed; the counter is one fixed one-second window, as coarse as Stripe's
// documentation is about its own algorithm.
import { ApiError } from './errors'

export class RequestRateLimiter {
  private windowStart = 0
  private count = 0
  /** Requests refused so far. */
  refused = 0

  constructor(public perSecond: number | null = null) {}

  /** Counts one API request; false when it is over the limit in the current second. */
  take(now = Date.now()): boolean {
    if (this.perSecond === null) return true
    const window = now - (now % 1000)
    if (window !== this.windowStart) {
      this.windowStart = window
      this.count = 0
    }
    this.count += 1
    if (this.count <= this.perSecond) return true
    this.refused += 1
    return false
  }
}

/**
 * Which limiter refused a request, in the `Stripe-Rate-Limited-Reason` header of a 429
 * (https://docs.stripe.com/rate-limits): `global-rate`, `endpoint-rate`, `global-concurrency`,
 * `endpoint-concurrency`, or `resource-specific` for a limit on one object, such as a subscription's new invoices.
 * The copies of that page this project can read stop before the header's section; the five values are as quoted
 * from it by two independent transcriptions (api-evangelist/stripe's rate-limits harvest and a connector's notes).
 */
export type RateLimitedReason = 'global-rate' | 'endpoint-rate' | 'global-concurrency' | 'endpoint-concurrency' | 'resource-specific'

export const RATE_LIMITED_REASON_HEADER = 'Stripe-Rate-Limited-Reason'

/** A 429 with code `rate_limit` (https://docs.stripe.com/error-codes#rate-limit) and the limiter that refused it. */
export class RateLimitedError extends ApiError {
  constructor(
    message: string,
    readonly reason: RateLimitedReason,
  ) {
    super(429, 'invalid_request_error', message, 'rate_limit')
  }
}

/** The answer to a request over the account's rate, in the words Stripe answers it with. */
export function rateLimitError(): RateLimitedError {
  return new RateLimitedError('Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.', 'global-rate')
}
