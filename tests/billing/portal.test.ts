// "Manage billing" against an account as strict as Stripe's: the portal needs the configuration stripe:sync makes,
// offers only the prices it lists, and a price change must reach it. Events go through the real webhook route
// and Inngest functions.
import type Stripe from 'stripe'
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
const { checkout, manageBilling } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
// The customer portal updates only a subscription with one item (sandbox/stripe/flows/portal-changes.ts, after Stripe's
// portal limitations): in this file the plans sell their flat or per-seat price alone, no metered price beside it.
PLANS.forEach((plan) => Object.assign(plan, { meters: undefined }))
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
})
afterAll(async () => {
  await Promise.all([double.close(), inngest.close()])
})

async function subscriber(email: string, lookupKey: string) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  const url = await redirectOf(() => checkout({ lookupKey }))
  await double.completeCheckout(url.split('/').pop()!)
  await pipeline.deliverNew()
  await pipeline.runQueued()
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  return { user, organization, subscription }
}

const portalConfiguration = () => [...double.portalConfigurations.values()].find((c) => c.metadata?.tollgate_portal)!
const portalSessionsSent = () => double.requests.filter((r) => r.method === 'POST' && r.path === '/v1/billing_portal/sessions').length

describe('the portal configuration', () => {
  it('lets customers change their price but never their quantity: seats follow the member list (decision 0024)', async () => {
    await syncCatalog(stripe, PLANS)
    const { subscription_update: update } = portalConfiguration().features
    expect(update.default_allowed_updates).toEqual(['price'])
    expect((update.products ?? []).every((product) => !product.adjustable_quantity?.enabled)).toBe(true)
  })

  it('without it, "Manage billing" says to run npm run stripe:sync and opens nothing; after the sync it opens', async () => {
    await subscriber('unconfigured@example.com', 'pro_monthly')
    const configuration = portalConfiguration()
    await stripe.billingPortal.configurations.update(configuration.id, { active: false }) // as if never synced here
    const sessionsBefore = portalSessionsSent()

    const refused = await manageBilling({})
    expect(refused).toEqual({
      ok: false,
      error: { code: 'not_configured', message: 'The billing portal is not set up in Stripe yet: run npm run stripe:sync, then try again.' },
    })
    expect(portalSessionsSent()).toBe(sessionsBefore)

    const changes = await syncCatalog(stripe, PLANS)
    expect(changes).toEqual([expect.objectContaining({ kind: 'portal', id: configuration.id, action: 'updated' })])
    const url = await redirectOf(() => manageBilling({}))
    const session = double.portalSessions.get(url.split('/').pop()!)
    expect(session?.configuration).toBe(configuration.id)
  })

  it('a price change reaches the portal: after stripe:sync the customer switches to the new price, never the old one', async () => {
    const { organization, subscription } = await subscriber('switcher@example.com', 'pro_monthly')
    const oldTeam = (await stripe.prices.list({ lookup_keys: ['team_monthly'], active: true })).data[0]!
    const raised = PLANS.map((plan) =>
      plan.key === 'team' ? { ...plan, prices: plan.prices.map((p) => (p.lookupKey === 'team_monthly' ? { ...p, amount: 5900 } : p)) } : plan,
    )
    try {
      const changes = await syncCatalog(stripe, raised)
      expect(changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['created price', 'archived price', 'updated portal'])
      const newTeam = (await stripe.prices.list({ lookup_keys: ['team_monthly'], active: true })).data[0]!
      expect(newTeam.unit_amount).toBe(5900)

      await signInAs(db, 'switcher@example.com')
      const url = await redirectOf(() => manageBilling({}))
      const page = await (await fetch(url)).text()
      expect(page).toContain('>Switch to Team (monthly)</button>')
      expect(page).toContain(`value="${newTeam.id}"`)
      expect(page).not.toContain(oldTeam.id)

      const portalId = url.split('/').pop()!
      const switchTo = (price: string) =>
        fetch(`${double.url}/portal/${portalId}/subscriptions/${subscription.id}/switch`, { method: 'POST', body: new URLSearchParams({ price }), redirect: 'manual' })
      expect((await switchTo(oldTeam.id)).status).toBe(400)
      expect((await switchTo(newTeam.id)).status).toBe(303)

      expect((await pipeline.deliverNew()).every((status) => status === 200)).toBe(true)
      const runs = await pipeline.runQueued()
      expect(runs.every((run) => run.error === undefined)).toBe(true)
      const row = await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })
      expect(row).toMatchObject({ organizationId: organization.id, priceId: newTeam.id, priceLookupKey: 'team_monthly', productId: 'tollgate_team' })
      // The app's configuration keeps a trial going through a plan change (decision 0008).
      expect(row.status).toBe('trialing')
    } finally {
      await syncCatalog(stripe, PLANS)
    }
  })

  it('cancelling in the portal schedules cancel_at (flexible billing mode) and the row records it', async () => {
    const { subscription } = await subscriber('leaver@example.com', 'team_yearly')
    const url = await redirectOf(() => manageBilling({}))
    const portalId = url.split('/').pop()!
    const response = await fetch(`${double.url}/portal/${portalId}/subscriptions/${subscription.id}/cancel-at-period-end`, {
      method: 'POST',
      body: new URLSearchParams({ feedback: 'too_expensive' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(303)
    await pipeline.deliverNew()
    await pipeline.runQueued()
    const stripeSide: Stripe.Subscription = await stripe.subscriptions.retrieve(subscription.id)
    expect(stripeSide).toMatchObject({ cancel_at_period_end: false, cancellation_details: { feedback: 'too_expensive' } })
    expect(stripeSide.cancel_at).toBe(stripeSide.items.data[0]!.current_period_end)
    const row = await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })
    expect(row).toMatchObject({ cancelAtPeriodEnd: false, cancelAt: new Date(stripeSide.cancel_at! * 1000) })
  })
})
