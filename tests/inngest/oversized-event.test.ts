// An event over Inngest's per-event size limit goes by reference (its ledger id) and the function reads it back.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { createWebhookPipeline } from '../support/webhook-pipeline'

vi.mock('next/headers', () => nextHeadersMock())

const MAX_BYTES = 16 * 1024
const double = await startBillingFixture()
const inngest = await startInngestStandIn({ maxBodyBytes: MAX_BYTES })
Object.assign(process.env, { INNGEST_DEV: inngest.url, INNGEST_MAX_PAYLOAD_BYTES: String(MAX_BYTES) })

const { db } = await import('@/lib/db')
const { checkout } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { stripeEventFrom } = await import('@/lib/webhooks/ledger')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
  await pipeline.deliverNew()
  await pipeline.runQueued()
})
afterAll(() => Promise.all([double.close(), inngest.close()]))

describe('an event over the per-event size limit', () => {
  it('is handed off by reference, read back from the ledger by its function, and processed', async () => {
    const user = await signInAs(db, 'oversized@example.com')
    const organization = await personalOrganizationOf(db, user)
    await double.completeCheckout((await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!)
    const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    await pipeline.deliverNew()
    await pipeline.runQueued()
    // Stripe allows 50 metadata keys of up to 500 characters: an update carrying ~20 KB of it.
    const metadata = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`note_${i}`, 'z'.repeat(480)]))
    await stripe.subscriptions.update(subscription.id, { metadata, cancel_at_period_end: true })
    const updated = double.events.findLast((e) => e.type === 'customer.subscription.updated')!
    expect(JSON.stringify(updated).length).toBeGreaterThan(MAX_BYTES)

    expect(await pipeline.deliverNew()).toEqual([200])
    const sent = inngest.accepted.find((e) => e.id === updated.id)!
    expect(sent.data).toMatchObject({ id: updated.id, tollgate_ledger_ref: true })
    expect(JSON.stringify(sent).length).toBeLessThan(1024)
    // What the function works on is the whole event, byte for byte as Stripe signed it.
    expect(await stripeEventFrom(sent.data)).toEqual(JSON.parse(JSON.stringify(updated)))

    const runs = await pipeline.runQueued()
    expect(runs.map((r) => r.error)).toEqual([undefined, undefined]) // its function, then the customer sync it asked for
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: updated.id } })).toMatchObject({ status: 'processed' })
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ cancelAtPeriodEnd: true })
  })
})
