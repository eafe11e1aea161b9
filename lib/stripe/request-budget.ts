import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { hitRateLimit, pruneRateLimits } from '@/lib/rate-limit'

/**
 * The one throttle every background Stripe request passes, across functions and instances: a per-second counter in
 * the database (the RateLimit table, shared by every instance), so all Inngest functions together stay under
 * `perSecond`. Inngest's own `throttle` cannot do this: each function gets its own, even with the same key
 * (https://www.inngest.com/docs/durable-execution/flow-control/throttling).
 */
export async function takeStripeRequestSlot(perSecond: number, mode: string): Promise<void> {
  for (;;) {
    const now = Date.now()
    const hit = await hitRateLimit(db, { bucket: 'stripe-api', limit: perSecond, windowMs: 1000 }, mode, now)
    if (hit.allowed) {
      // The n-th request of a second goes at n/perSecond into it: evenly spaced, so a second's requests do not
      // arrive in a burst at its start, next to the previous second's last ones.
      const slotAt = now + hit.retryAfterMs - 1000 + ((hit.count - 1) * 1000) / perSecond
      if (slotAt > Date.now()) await sleep(slotAt - Date.now())
      return
    }
    // Spread the waiters over the next window rather than have them all hit its first millisecond.
    await sleep(hit.retryAfterMs + Math.random() * 200)
  }
}

/** The budget leaves a row per busy second; the hourly reconcile run removes the closed ones. */
export const pruneStripeRequestSlots = () => pruneRateLimits(db)

/** Stripe answers 429 with code `rate_limit` past its per-account limit and asks for exponential backoff. */
const RATE_LIMIT_RETRIES = 6

/**
 * An HTTP client for the Stripe SDK that takes a slot before every request and retries a 429 with exponential
 * backoff and jitter (https://docs.stripe.com/rate-limits): stripe-node retries network errors, 409 and 5xx, but
 * not a 429 unless Stripe sends `Stripe-Should-Retry: true`, so a throttled background job would otherwise fail.
 */
export function throttledHttpClient(inner: Stripe.HttpClient, slot: () => Promise<void>): Stripe.HttpClient {
  return {
    getClientName: () => `throttled-${inner.getClientName()}`,
    async makeRequest(...args: Parameters<Stripe.HttpClient['makeRequest']>) {
      for (let attempt = 0; ; attempt += 1) {
        await slot()
        const response = await inner.makeRequest(...args)
        if (response.getStatusCode() !== 429 || attempt >= RATE_LIMIT_RETRIES) return response
        if (response.dispose) response.dispose()
        else await response.toJSON().catch(() => null)
        await sleep(Math.min(8000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2))
      }
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
