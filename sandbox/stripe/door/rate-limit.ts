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

/** The body Stripe answers a rate-limited request with. */
export function rateLimitError(): ApiError {
  return new ApiError(
    429,
    'invalid_request_error',
    'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
    'rate_limit',
  )
}
