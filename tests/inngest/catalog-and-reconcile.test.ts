import type Stripe from 'stripe'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { stripeEvent } from '../support/stripe-signing'
import { createWebhookPipeline } from '../support/webhook-pipeline'

vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
process.env.INNGEST_DEV = inngest.url

const { db } = await import('@/lib/db')
const { checkout } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { reconcileCustomer, resendStuckEvents, STUCK_AFTER_MS } = await import('@/lib/webhooks/reconcile')
const { handOff } = await import('@/lib/webhooks/hand-off')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

afterAll(async () => {
  await Promise.all([double.close(), inngest.close()])
})

describe('catalog events', () => {
  it('keep Product and Price equal to Stripe, even when an old price event is processed after the lookup key moved', async () => {
    const product = await stripe.products.create({ id: 'tollgate_pro', name: 'Pro' })
    const first = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' }, lookup_key: 'pro_monthly' })
    const second = await stripe.prices.create({ product: product.id, unit_amount: 2400, currency: 'usd', recurring: { interval: 'month' }, lookup_key: 'pro_monthly', transfer_lookup_key: true })
    const events = double.events.filter((e) => e.type.startsWith('price.') || e.type.startsWith('product.'))
    // Newest first: the stale price.created of the first price, which still shows the lookup key, runs last.
    for (const event of [...events].reverse()) await pipeline.post(event)
    await pipeline.runQueued()

    expect(await db.product.findUniqueOrThrow({ where: { id: 'tollgate_pro' } })).toMatchObject({ name: 'Pro', active: true })
    expect(await db.price.findUniqueOrThrow({ where: { lookupKey: 'pro_monthly' } })).toMatchObject({ id: second.id, unitAmount: 2400 })
    expect(await db.price.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ lookupKey: null })
  })
})

describe('reconciliation', () => {
  it('re-sends events stuck in received (the hand-off never confirmed) and leaves fresh ones alone', async () => {
    const stuck = stripeEvent('customer.subscription.updated', { id: 'sub_stuck', object: 'subscription', customer: 'cus_stuck' }) as unknown as Stripe.Event
    const fresh = stripeEvent('customer.subscription.updated', { id: 'sub_fresh', object: 'subscription', customer: 'cus_fresh' }) as unknown as Stripe.Event
    // Recorded but never confirmed handed off (the route answered 500, or the instance died in between).
    for (const event of [stuck, fresh]) {
      await db.stripeEvent.create({
        data: { id: event.id, type: event.type, livemode: false, status: 'received', payload: JSON.stringify(event), stripeCreatedAt: new Date(event.created * 1000) },
      })
    }
    await db.stripeEvent.update({ where: { id: stuck.id }, data: { receivedAt: new Date(Date.now() - STUCK_AFTER_MS - 1000) } })

    expect(await resendStuckEvents()).toEqual([stuck.id])
    expect(inngest.accepted.find((e) => e.id === stuck.id)).toMatchObject({ name: 'stripe/customer.subscription.updated' })
    expect(inngest.accepted.some((e) => e.id === fresh.id)).toBe(false)
    expect((await db.stripeEvent.findUniqueOrThrow({ where: { id: stuck.id } })).status).toBe('queued')
  })

  it('re-syncs a customer from Stripe and reports what had drifted', async () => {
    await db.rateLimit.deleteMany()
    await syncCatalog(stripe, PLANS) // Checkout sells Pro with its metered price, which must be in Stripe
    const user = await signInAs(db, 'drift@example.com')
    const organization = await personalOrganizationOf(db, user)
    const url = await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
    await double.completeCheckout(url.split('/').pop()!)
    const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    const customer = subscription.customer as string
    await reconcileCustomer(stripe, customer)
    // A change whose webhook never arrived:
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })

    const drift = await reconcileCustomer(stripe, customer)
    expect(drift).toContainEqual({ subscriptionId: subscription.id, field: 'cancelAtPeriodEnd', was: false, now: true })
    expect(drift.every((d) => d.subscriptionId === subscription.id)).toBe(true)
    expect(await reconcileCustomer(stripe, customer)).toEqual([])
  })
})

describe('replay', () => {
  it('sends a ledger event again under a new Inngest id, so it runs again', async () => {
    const event = stripeEvent('invoice.paid', { id: 'in_replay', object: 'invoice', customer: 'cus_replay' }) as unknown as Stripe.Event
    await handOff([event])
    await handOff([event], { replay: true })
    const sent = inngest.accepted.filter((e) => (e.data as { id?: string }).id === event.id)
    expect(sent.map((e) => e.id)).toEqual([event.id, expect.stringMatching(new RegExp(`^${event.id}:replay:\\d+$`))])
  })
})
