// Stripe API calls the background path makes, counted at the Stripe double: per checkout provisioned from its
// webhooks alone (no success page), and per renewal (its two bursts, an hour apart, counted together). Targets: at
// most 2 and 1, and the final state right.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
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
const pipeline = await createWebhookPipeline(double, inngest)

beforeAll(async () => {
  await syncCatalog(requireStripe(), PLANS)
  await pipeline.deliverNew()
  await pipeline.runQueued()
})
afterAll(() => Promise.all([double.close(), inngest.close()]))

/** Delivers what the double has sent since last time and runs it all; returns the Stripe calls that made. */
async function backgroundCalls(): Promise<string[]> {
  await pipeline.deliverNew()
  const before = double.requests.length
  const runs = await pipeline.runQueued()
  expect(runs.filter((r) => r.error !== undefined)).toEqual([])
  return double.requests.slice(before).map((r) => `${r.method} ${r.path}`)
}

describe('Stripe calls through the background path', () => {
  it('a checkout provisioned from its webhooks alone costs at most 2 Stripe calls and ends in Stripe’s state', async () => {
    const user = await signInAs(db, 'counted@example.com')
    const organization = await personalOrganizationOf(db, user)
    const url = await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
    await pipeline.deliverNew() // the customer.created of checkout's own customer
    await pipeline.runQueued()
    await double.completeCheckout(url.split('/').pop()!)
    const calls = await backgroundCalls()
    console.log(`stripe calls per checkout (background): ${calls.length}: ${calls.join(', ')}`)
    expect(calls.length).toBeLessThanOrEqual(2)
    const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ organizationId: organization.id, status: 'trialing' })
  })

  it('a renewal costs at most 1 Stripe call and ends in Stripe’s state', async () => {
    const user = await signInAs(db, 'renewing@example.com')
    const organization = await personalOrganizationOf(db, user)
    await double.completeCheckout((await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!)
    await backgroundCalls()
    const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    await double.endTrial(subscription.id)
    await backgroundCalls()
    // Stripe renews in two bursts an hour apart, each its own run of the pipeline: the period ends and the invoice is
    // drafted; an hour later the draft is finalized and charged (https://docs.stripe.com/billing/invoices/subscription).
    const draft = await double.startRenewal(subscription.id, { payment: 'succeeds' })
    const atPeriodEnd = await backgroundCalls()
    expect(await db.invoice.findUniqueOrThrow({ where: { id: draft.id! } })).toMatchObject({ status: 'draft' })
    double.advanceClockTo(draft.automatically_finalizes_at!)
    const anHourLater = await backgroundCalls()
    const calls = [...atPeriodEnd, ...anHourLater]
    console.log(`stripe calls per renewal (background): ${calls.length}: ${calls.join(', ')}`)
    expect(calls.length).toBeLessThanOrEqual(1)
    const row = await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })
    expect(row).toMatchObject({ status: 'active', invoiceId: draft.id, invoiceStatus: 'paid' })
    expect(row.currentPeriodEnd?.getTime()).toBe(subscription.items.data[0]!.current_period_end * 1000)
    expect(await db.invoice.findUniqueOrThrow({ where: { id: draft.id! } })).toMatchObject({ status: 'paid', number: double.invoices.get(draft.id!)!.number })
  })
})
