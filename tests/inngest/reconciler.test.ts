// The safety net repairs what never arrived: it works from Stripe's record (a full sweep the first time, then the
// events list since a checkpoint), stores the drift it finds, and re-runs failed events with backoff.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { runInngestEvents, startInngestStandIn } from '../support/inngest-stand-in'
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
const { checkpointAtNewestEvent, walkEventsPage, SETTLE_MS } = await import('@/lib/reconcile/events-walk')
const { MAX_EVENT_TYPES_PER_LIST } = await import('@/lib/stripe/limits')
const { retryFailedEvents, countExhaustedEvents } = await import('@/lib/reconcile/retry-failed')
const { AUTO_RETRY_BASE_MS, AUTO_RETRY_LIMIT } = await import('@/lib/webhooks/ledger')
const { RECONCILE_BILLING, customerEventTypes } = await import('@/inngest/reconcile-billing')
const { RECONCILE_CUSTOMER } = await import('@/inngest/reconcile-customer')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
  await pipeline.deliverNew()
  await pipeline.runQueued()
})
afterAll(() => Promise.all([double.close(), inngest.close()]))

/** A user who completed checkout in the double; `deliver: false` loses every webhook it caused. */
async function subscribe(email: string) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  await double.completeCheckout((await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!)
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  return { user, organization, subscription, customerId: subscription.customer as string }
}

/** Skips every webhook the double has produced so far: they never arrive. */
const loseEvents = () => pipeline.skipNew()

/** Runs what Inngest accepted since the last call (and what those runs sent), like Inngest would. */
const runEverything = () => pipeline.runQueued()

describe('the reconciler, from Stripe’s record', () => {
  it('the first run, with no checkpoint, sweeps every subscription: one whose events were all lost is created, and the drift is stored', async () => {
    const { organization, subscription, customerId } = await subscribe('lost-everything@example.com')
    loseEvents()
    expect(await db.subscription.findUnique({ where: { id: subscription.id } })).toBeNull()

    const [run] = await runInngestEvents(pipeline.functions, [{ name: RECONCILE_BILLING, data: {} }])
    expect(run!.result).toMatchObject({ sweep: 'no checkpoint yet' })
    const swept = await runEverything()
    expect(swept.filter((r) => r.event === 'tollgate/billing.sweep-subscriptions').map((r) => r.error)).toEqual([undefined])

    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ organizationId: organization.id, status: 'trialing', priceLookupKey: 'pro_monthly' })
    expect(await db.billingDrift.findMany({ where: { customerId } })).toEqual([
      expect.objectContaining({ subscriptionId: subscription.id, organizationId: organization.id, field: 'row', was: null, now: 'trialing', repaired: true, source: 'sweep' }),
    ])
    // The walk resumes after the newest event of any type (it lists them all and filters itself).
    expect(await db.reconcileCheckpoint.findUnique({ where: { id: 'stripe-events' } })).toMatchObject({ cursor: double.events.at(-1)!.id })
  })

  it('then walks the events since the checkpoint: a cancellation whose webhook never arrived (cancel_at alone, flexible billing) is repaired', async () => {
    const { subscription, customerId } = await subscribe('lost-cancel@example.com')
    await pipeline.deliverNew()
    await runEverything()
    const cancelAt = Math.floor(Date.now() / 1000) + 20 * 86_400
    await stripe.subscriptions.update(subscription.id, { cancel_at: cancelAt })
    loseEvents()
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).cancelAt).toBeNull()

    // Events younger than the settling time wait for the next run (they may still be on their way).
    expect(await walkEventsPage(stripe, customerEventTypes)).toMatchObject({ kind: 'page', customers: [] })
    const page = await walkEventsPage(stripe, customerEventTypes, Date.now() + SETTLE_MS + 1000)
    expect(page).toMatchObject({ kind: 'page', customers: [customerId], more: false })

    // The reconcile function fans out one run per customer; here the page's customers, as it sends them.
    const runs = await runInngestEvents(pipeline.functions, [{ name: RECONCILE_CUSTOMER, data: { customerId } }])
    // Scheduling a cancellation sets cancel_at and canceled_at (https://docs.stripe.com/api/subscriptions/object).
    expect(runs.map((r) => r.result)).toEqual([{ customerId, drifted: 2 }])
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).cancelAt).toEqual(new Date(cancelAt * 1000))
    const stored = await db.billingDrift.findMany({ where: { customerId }, select: { field: true, was: true, now: true, repaired: true, source: true } })
    expect(stored.sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'cancelAt', was: null, now: new Date(cancelAt * 1000).toISOString(), repaired: true, source: 'events' },
      { field: 'canceledAt', was: null, now: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), repaired: true, source: 'events' },
    ])
    // Walked once: the checkpoint moved past those events.
    expect(await walkEventsPage(stripe, customerEventTypes, Date.now() + SETTLE_MS + 1000)).toMatchObject({ kind: 'page', customers: [], events: 0 })
  })
})

describe('the events walk inside Stripe’s list filters', () => {
  /** Moves the checkpoint past every event so far. */
  async function walkToTheEnd() {
    for (;;) {
      const page = await walkEventsPage(stripe, customerEventTypes, Date.now() + SETTLE_MS + 1000)
      if (page.kind !== 'page' || !page.more) return
    }
  }
  const eventsLists = (since: number) => double.requests.slice(since).filter((r) => r.method === 'GET' && r.path === '/v1/events')

  it('asks Stripe for every type and filters itself: a handler map of 45 types is still one request per page', async () => {
    const { customerId } = await subscribe('many-types@example.com')
    loseEvents()
    // More types than two of Stripe's filters could hold (20 each, https://docs.stripe.com/api/events/list).
    const wanted = [...customerEventTypes, ...Array.from({ length: 45 - customerEventTypes.length }, (_, i) => `made_up.type_${i}`)]
    expect(wanted.length).toBeGreaterThan(2 * MAX_EVENT_TYPES_PER_LIST)
    const before = double.requests.length

    const page = await walkEventsPage(stripe, wanted, Date.now() + SETTLE_MS + 1000)
    expect(page).toMatchObject({ kind: 'page', customers: [customerId], more: false })
    const lists = eventsLists(before)
    expect(lists.map((r) => r.status)).toEqual([200])
    expect(lists.map((r) => ({ type: r.params.type, types: r.params.types }))).toEqual([{ type: undefined, types: undefined }])
  })

  it('today’s handler map is already past Stripe’s 20 types, so a filter built from it would be refused', () => {
    // The reason for the unfiltered walk (decision 0041); if the map ever shrinks under 20, this says so.
    expect(customerEventTypes.length).toBeGreaterThan(MAX_EVENT_TYPES_PER_LIST)
  })

  it('an event of a type the app does not handle, never delivered, re-syncs nobody', async () => {
    const { customerId } = await subscribe('unhandled-type@example.com')
    await pipeline.deliverNew()
    await runEverything()
    await walkToTheEnd()
    await stripe.customers.update(customerId, { name: 'Renamed in the Dashboard' }) // customer.updated: no handler
    loseEvents()
    expect(double.events.at(-1)!.type).toBe('customer.updated')

    const page = await walkEventsPage(stripe, customerEventTypes, Date.now() + SETTLE_MS + 1000)
    expect(page).toMatchObject({ kind: 'page', customers: [], events: 1 })
    expect(await db.reconcileCheckpoint.findUniqueOrThrow({ where: { id: 'stripe-events' } })).toMatchObject({ cursor: double.events.at(-1)!.id })
  })

  it('the checkpoint before a sweep is the newest event of any type, asked for without a filter', async () => {
    const before = double.requests.length
    await checkpointAtNewestEvent(stripe)
    expect(eventsLists(before).map((r) => r.params)).toEqual([{ limit: '1' }])
    expect(await db.reconcileCheckpoint.findUniqueOrThrow({ where: { id: 'stripe-events' } })).toMatchObject({ cursor: double.events.at(-1)!.id })
  })
})

describe('failed events', () => {
  it('are re-run automatically after a backoff, and processed', async () => {
    const { subscription } = await subscribe('failed-once@example.com')
    await pipeline.deliverNew()
    const created = double.events.find((e) => e.type === 'customer.subscription.created' && (e.data.object as { id: string }).id === subscription.id)!
    await runEverything()
    // Inngest gave up on it (its onFailure ran): failed, with the first automatic retry an hour out.
    const fn = pipeline.functions.find((f) => f.id() === 'stripe-customer-subscription-created')!
    const onFailure = fn.opts.onFailure as (ctx: unknown) => Promise<void>
    const failedAt = Date.now()
    await onFailure({ event: { data: { event: { data: created } } }, error: new Error('Stripe was down for a day') })
    const failed = await db.stripeEvent.findUniqueOrThrow({ where: { id: created.id } })
    expect(failed).toMatchObject({ status: 'failed', autoRetries: 0 })
    expect(failed.nextRetryAt!.getTime()).toBeGreaterThanOrEqual(failedAt + AUTO_RETRY_BASE_MS)

    expect(await retryFailedEvents(failedAt + AUTO_RETRY_BASE_MS - 60_000)).toEqual([])
    expect(await retryFailedEvents(failedAt + AUTO_RETRY_BASE_MS + 60_000)).toEqual([created.id])
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'queued', autoRetries: 1, nextRetryAt: null })
    const runs = await runEverything()
    expect(runs.map((r) => r.error)).toEqual([undefined, undefined])
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'processed', lastError: null, autoRetries: 1 })
  })

  it('stay failed after the last automatic re-run, and are counted', async () => {
    const { subscription } = await subscribe('failed-for-good@example.com')
    await pipeline.deliverNew()
    await runEverything()
    const created = double.events.find((e) => e.type === 'customer.subscription.created' && (e.data.object as { id: string }).id === subscription.id)!
    await db.stripeEvent.update({ where: { id: created.id }, data: { autoRetries: AUTO_RETRY_LIMIT } })
    const before = await countExhaustedEvents()
    const fn = pipeline.functions.find((f) => f.id() === 'stripe-customer-subscription-created')!
    await (fn.opts.onFailure as (ctx: unknown) => Promise<void>)({ event: { data: { event: { data: created } } }, error: new Error('a bug') })

    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: 'failed', nextRetryAt: null })
    expect(await retryFailedEvents(Date.now() + 365 * 86_400_000)).not.toContain(created.id)
    expect(await countExhaustedEvents()).toBe(before + 1)
  })
})
