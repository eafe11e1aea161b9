// Stripe's limits on one subscription (https://docs.stripe.com/rate-limits, "Subscriptions API": 10 new invoices per
// subscription per minute, 20 per day, 200 quantity updates per hour), through the real SDK on the account's clock:
// the request past a limit is refused with a 429 `rate_limit`, `Stripe-Rate-Limited-Reason: resource-specific`,
// before it changes anything.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble } from '@/sandbox/stripe'
import { rejectionOf, subscribeThroughCheckout } from '../support/sandbox-checkout'

const double = await startStripeDouble({ autoDeliver: false })
const stripe = double.client()
let price: Stripe.Price

beforeAll(async () => {
  await stripe.products.create({ id: 'prod_seats', name: 'Seats' })
  price = await stripe.prices.create({ product: 'prod_seats', currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } })
})
afterAll(() => double.close())

async function activeSubscription(email: string) {
  return subscribeThroughCheckout(double, price, { email })
}


const invoicesOf = (subscriptionId: string) => [...double.invoices.values()].filter((invoice) => invoice.parent?.subscription_details?.subscription === subscriptionId).length

/** The answer to a request over a per-subscription limit, as the SDK raises it. */
const refusedBySubscriptionLimit = (limit: string) => ({
  statusCode: 429,
  type: 'StripeRateLimitError',
  code: 'rate_limit',
  message: expect.stringContaining(limit),
  headers: expect.objectContaining({ 'stripe-rate-limited-reason': 'resource-specific' }),
})

describe('new invoices per subscription', () => {
  it('takes 10 in a minute and refuses the 11th before changing anything; 20 in a day, refusing the 21st; a day later, takes more', async () => {
    const { subscription, item } = await activeSubscription('invoices@example.com')
    let quantity = 1
    const invoiceNow = () => {
      quantity += 1
      return stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity }], proration_behavior: 'always_invoice' })
    }
    const created = invoicesOf(subscription.id) // the first invoice came from Checkout, not the Subscriptions API
    for (let i = 0; i < 10; i++) await invoiceNow()
    expect(invoicesOf(subscription.id)).toBe(created + 10)

    const events = double.events.length
    const refused = await rejectionOf(invoiceNow())
    expect(refused).toBeInstanceOf(Stripe.errors.StripeRateLimitError)
    expect(refused).toMatchObject(refusedBySubscriptionLimit('10 new invoices per minute'))
    expect(double.events.length).toBe(events)
    expect(invoicesOf(subscription.id)).toBe(created + 10)
    expect(double.subscriptions.get(subscription.id)?.items.data[0]?.quantity).toBe(11)
    quantity -= 1

    // A minute after the burst (the account's clock has not moved yet, so it reads the wall clock).
    const minuteLater = Math.floor(Date.now() / 1000) + 61
    double.advanceClockTo(minuteLater)
    for (let i = 0; i < 10; i++) await invoiceNow()
    double.advanceClockTo(minuteLater + 61)
    expect(await rejectionOf(invoiceNow())).toMatchObject(refusedBySubscriptionLimit('20 new invoices per day'))
    quantity -= 1
    expect(invoicesOf(subscription.id)).toBe(created + 20)

    // A preview creates no invoice, so the limit does not stop it; Stripe's own renewal is not an API request.
    await expect(stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: { items: [{ id: item.id, quantity: 30 }] } })).resolves.toMatchObject({ object: 'invoice' })
    double.advanceClockTo(minuteLater + 86_400)
    await expect(invoiceNow()).resolves.toMatchObject({ id: subscription.id })
  })

  it('saves nothing under the idempotency key of a refused request: the same key goes through once the minute has passed', async () => {
    const { subscription, item } = await activeSubscription('retry@example.com')
    const now = double.subscriptions.get(subscription.id)?.created ?? 0
    for (let quantity = 2; quantity <= 11; quantity++) {
      await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity }], proration_behavior: 'always_invoice' })
    }
    const eleventh = () => stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 12 }], proration_behavior: 'always_invoice' }, { idempotencyKey: 'eleventh' })
    expect(await rejectionOf(eleventh())).toMatchObject({ statusCode: 429 })
    double.advanceClockTo(Math.max(now, Math.floor(Date.now() / 1000)) + 3 * 86_400)
    await expect(eleventh()).resolves.toMatchObject({ items: { data: [{ quantity: 12 }] } })
  })
})

describe('quantity updates per subscription', () => {
  it('takes 200 in an hour and refuses the 201st; other changes still go through, and an hour later quantities change again', async () => {
    const { subscription, item } = await activeSubscription('quantities@example.com')
    const start = Math.floor(Date.now() / 1000) + 10 * 86_400
    double.advanceClockTo(start)
    for (let i = 0; i < 200; i++) {
      await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 2 + (i % 2) }], proration_behavior: 'none' })
    }
    const before = double.subscriptions.get(subscription.id)?.items.data[0]?.quantity
    const refused = await rejectionOf(stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 9 }], proration_behavior: 'none' }))
    expect(refused).toMatchObject(refusedBySubscriptionLimit('200 quantity updates per hour'))
    expect(double.subscriptions.get(subscription.id)?.items.data[0]?.quantity).toBe(before)

    // Setting the quantity it already has is no quantity update; metadata is not one either.
    await expect(stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: before }], metadata: { note: 'kept' } })).resolves.toMatchObject({ metadata: { note: 'kept' } })
    double.advanceClockTo(start + 3601)
    await expect(stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 9 }], proration_behavior: 'none' })).resolves.toMatchObject({ items: { data: [{ quantity: 9 }] } })
  })
})

describe('the app and the sandbox read the same page', () => {
  it('the limits the app keeps its seat sync under are the ones the sandbox enforces', async () => {
    const { SUBSCRIPTION_INVOICE_LIMITS } = await import('@/lib/stripe/limits')
    const { SEAT_INVOICES_PER_DAY } = await import('@/lib/billing/seat-invoice-budget')
    const { SUBSCRIPTION_LIMITS } = await import('@/sandbox/stripe/resources/subscription-limits')
    expect(SUBSCRIPTION_INVOICE_LIMITS).toEqual({ perMinute: SUBSCRIPTION_LIMITS.invoicesPerMinute, perDay: SUBSCRIPTION_LIMITS.invoicesPerDay })
    // The app's own tests (tests/organizations/seat-invoices.test.ts, tests/inngest/stripe-calls.test.ts) drive seat
    // changes through this sandbox, which now refuses the request past a limit, and the suite-wide check fails on any
    // app request it refused (tests/after-suite/app-stripe-requests.check.ts).
    expect(SEAT_INVOICES_PER_DAY).toBeLessThan(SUBSCRIPTION_LIMITS.invoicesPerMinute)
  })
})
