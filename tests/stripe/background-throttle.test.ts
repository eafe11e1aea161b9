// Every background Stripe request draws from one per-second budget in the database, and a 429 from Stripe is
// retried with backoff instead of failing the job.
import Stripe from 'stripe'
import { afterAll, describe, expect, it } from 'vitest'
import { startStripeDouble } from '@/sandbox/stripe'

const double = await startStripeDouble({ autoDeliver: false })
Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_throttle', STRIPE_API_URL: double.url, STRIPE_BACKGROUND_REQUESTS_PER_SECOND: '8' })

const { createStripe, requireBackgroundStripe } = await import('@/lib/stripe/client')
const { takeStripeRequestSlot, throttledHttpClient } = await import('@/lib/stripe/request-budget')
const { db } = await import('@/lib/db')

afterAll(() => double.close())

describe('the background Stripe throttle', () => {
  it('holds every client drawing from it to the budget per second, so a Stripe limit with headroom above it refuses none', async () => {
    // Unthrottled, the 24 would land in one second and 8 be refused. The limit has headroom, as the defaults keep
    // (15/s under test mode's 25): a request allowed at the end of one second can reach Stripe in the next.
    double.setRateLimit(16)
    // Two clients, as two functions (or two instances) would have: the budget is the database's, not a client's.
    const other = createStripe('sk_test_throttle', double.url, throttledHttpClient(Stripe.createNodeHttpClient(), () => takeStripeRequestSlot(8, 'test')))
    const started = Date.now()
    const lists = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? other : requireBackgroundStripe()).customers.list({ limit: 1 })))
    expect(lists).toHaveLength(24)
    expect(double.rateLimited).toBe(0)
    // 24 requests at 8 a second need at least three one-second windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900)
    const windows = await db.rateLimit.findMany({ where: { id: { startsWith: 'stripe-api:test:' } } })
    expect(windows.length).toBeGreaterThanOrEqual(3)
    double.setRateLimit(null)
  })

  it('survives Stripe’s 429 rate_limit: the requests over Stripe’s limit are retried with backoff and all succeed', async () => {
    double.setRateLimit(2)
    const refusedBefore = double.rateLimited
    const results = await Promise.all(Array.from({ length: 8 }, () => requireBackgroundStripe().customers.list({ limit: 1 })))
    expect(results.every((r) => r.object === 'list')).toBe(true)
    expect(double.rateLimited).toBeGreaterThan(refusedBefore)
    const refused = double.requests.filter((r) => r.status === 429)
    expect(refused.length).toBe(double.rateLimited)
    double.setRateLimit(null)
  })

  it('the double answers over its limit as Stripe does: 429 with a rate_limit error the SDK raises as StripeRateLimitError', async () => {
    double.setRateLimit(1)
    const bare = double.client()
    const outcomes = await Promise.allSettled([bare.customers.list(), bare.customers.list(), bare.customers.list()])
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as Stripe.errors.StripeError)
    expect(rejected.length).toBeGreaterThanOrEqual(1)
    expect(rejected[0]).toBeInstanceOf(Stripe.errors.StripeRateLimitError)
    expect(rejected[0]).toMatchObject({ statusCode: 429, code: 'rate_limit', type: 'StripeRateLimitError' })
    double.setRateLimit(null)
  })
})
