// Events the app must handle although nothing in it caused them: a Stripe customer that is not one of our users,
// an endpoint on another API version, a customer deleted in the Dashboard. Through the real route and functions.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())

const fixture = await startSubscriberFixture()
const { double, smtp, db, stripe, pipeline, settle, subscriber } = fixture
const { checkout } = fixture.billing

beforeAll(fixture.start)
afterAll(fixture.close)

const failedInvoiceOf = (subscriptionId: string) =>
  double.events.filter((e): e is Stripe.InvoicePaymentFailedEvent => e.type === 'invoice.payment_failed' && e.data.object.parent?.subscription_details?.subscription === subscriptionId).at(-1)!

describe('billing emails go only to users of this app', () => {
  it('a payment failure of a Stripe customer who is not a user is skipped, and the ledger says why', async () => {
    // Made in the Dashboard, say: a customer with an email address but no user here.
    const stranger = await stripe.customers.create({ email: 'stranger@example.com' })
    const price = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data[0]!
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', customer: stranger.id, line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://x.test/' })
    const done = await double.completeCheckout(session.id)
    await double.failRenewal(String(done.subscription))
    const before = smtp.messages.length
    await settle()

    expect(smtp.messages.slice(before).filter((m) => m.to.includes('stranger@example.com'))).toEqual([])
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id: failedInvoiceOf(String(done.subscription)).id } })
    expect(row.status).toBe('processed')
    expect(JSON.parse(row.outcome ?? '{}')).toMatchObject({ 'send-payment-failed-email': { skipped: `Stripe customer ${stranger.id} is not an organization of this app` } })
  })
})

describe('an endpoint on another API version', () => {
  it('processes the older invoice shape right (the handler re-reads it) and warns once per version, across events', async () => {
    const { user, subscriptionId } = await subscriber('old-endpoint@example.com')
    await double.endTrial(subscriptionId)
    await double.failRenewal(subscriptionId)
    const current = failedInvoiceOf(subscriptionId)
    // What an endpoint on 2024-06-20 receives: the subscription at the top level, the price on the line, no parent.
    const older = (id: string): Stripe.Event => {
      const event = JSON.parse(JSON.stringify(current))
      const invoice = event.data.object
      delete invoice.parent
      invoice.subscription = subscriptionId
      for (const line of invoice.lines.data) {
        delete line.pricing
        line.price = { id: 'price_old_shape' }
      }
      return { ...event, id, api_version: '2024-06-20' }
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      double.events.splice(double.events.indexOf(current), 1) // delivered only in its older shape below
      await settle()
      const before = smtp.messages.length
      expect(await pipeline.post(older('evt_old_shape_1'))).toBe(200)
      expect(await pipeline.post(older('evt_old_shape_2'))).toBe(200)
      const runs = await pipeline.runQueued()
      expect(runs.filter((run) => run.error !== undefined)).toEqual([])

      const sent = smtp.messages.slice(before).filter((m) => m.to.includes(user.email!))
      expect(sent).toHaveLength(2) // one per event, as for any payment failure
      expect(sent[0]!.raw).toMatch(/^Subject: Your Pro payment failed$/m)
      expect((await db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).status).toBe('past_due')
      const warnings = warn.mock.calls.filter(([message]) => String(message).includes('API version 2024-06-20'))
      expect(warnings).toHaveLength(1)
      expect(String(warnings[0]![0])).toContain('npm run stripe:events')
    } finally {
      warn.mockRestore()
    }
  })
})

describe('catalog objects stripe:sync did not make (decision 0011)', () => {
  it('are mirrored, never offered, grant nothing, and their subscriber is sent to manage rather than buy again', async () => {
    const product = await stripe.products.create({ name: 'Made in the Dashboard' })
    const price = await stripe.prices.create({ product: product.id, unit_amount: 900, currency: 'usd', recurring: { interval: 'month' } })
    const user = await signInAs(db, 'dashboard-plan@example.com')
    const customer = await stripe.customers.create({ email: user.email!, metadata: { userId: user.id } })
    const organization = await personalOrganizationOf(db, user)
    await db.organization.update({ where: { id: organization.id }, data: { stripeCustomerId: customer.id } })
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://x.test/' })
    await double.completeCheckout(session.id)
    await settle()

    expect(await db.price.findUniqueOrThrow({ where: { id: price.id } })).toMatchObject({ productId: product.id, lookupKey: null })
    const { loadPricedPlans } = await import('@/lib/billing/pricing')
    const { catalogLookupKeys } = await import('@/lib/billing/catalog')
    const offered = (await loadPricedPlans()).flatMap((plan) => plan.offers.map((offer) => offer.amount))
    expect(offered).not.toContain(900)
    expect((await loadPricedPlans()).flatMap((plan) => plan.offers.map((offer) => offer.lookupKey)).sort()).toEqual([...catalogLookupKeys()].sort())
    const { getEntitlements } = await import('@/lib/billing/get-entitlements')
    const entitlements = await getEntitlements(organization.id)
    expect(entitlements.plan.key).toBe('free')
    expect(entitlements.subscription?.priceId).toBe(price.id)
    expect(await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))).toContain('/portal/')
  })
})

describe('customer.deleted', () => {
  it('ends the user’s subscriptions here and unlinks the customer (decision 0011)', async () => {
    const { user, customerId, subscriptionId } = await subscriber('deleted-in-dashboard@example.com')
    await stripe.customers.del(customerId)
    expect(await stripe.customers.retrieve(customerId)).toEqual({ id: customerId, object: 'customer', deleted: true })
    await settle()

    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).toMatchObject({ status: 'canceled' })
    expect((await personalOrganizationOf(db, user)).stripeCustomerId).toBeNull()
    const row = await db.stripeEvent.findFirstOrThrow({ where: { type: 'customer.deleted', objectId: customerId } })
    // Stripe's own customer.subscription.deleted usually ends the row first; this handler is the backstop.
    expect(JSON.parse(row.outcome ?? '{}')).toMatchObject({ 'end-deleted-customer': { customer: customerId, organizationsUnlinked: 1 } })
  })

  it('the user’s next checkout creates a new customer instead of replaying the deleted one', async () => {
    const { user, customerId } = await subscriber('deleted-then-back@example.com')
    await stripe.customers.del(customerId)
    await settle()

    const url = await redirectOf(() => checkout({ lookupKey: 'team_monthly' }))
    const session = double.checkoutSessions.get(url.split('/').pop()!)!
    const relinked = (await personalOrganizationOf(db, user)).stripeCustomerId
    expect(relinked).not.toBeNull()
    expect(relinked).not.toBe(customerId)
    expect(session.customer).toBe(relinked)
  })
})

describe('checkout.session.expired', () => {
  it('a session left unpaid for Stripe’s 24 hours is recorded expired, so the next checkout asks Stripe to expire nothing', async () => {
    await signInAs(db, 'abandoned-cart@example.com')
    const abandoned = (await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!
    await settle()
    expect(await db.checkoutSession.findUniqueOrThrow({ where: { id: abandoned } })).toMatchObject({ status: 'open' })

    double.advanceClockTo(double.checkoutSessions.get(abandoned)!.expires_at)
    const runs = await settle()
    expect(runs.some((run) => run.event === 'stripe/checkout.session.expired')).toBe(true)
    expect(await db.checkoutSession.findUniqueOrThrow({ where: { id: abandoned } })).toMatchObject({ status: 'expired' })

    const before = double.requests.length
    await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
    expect(double.requests.slice(before).filter((request) => request.path.endsWith('/expire'))).toEqual([])
  })
})
