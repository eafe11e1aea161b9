// The daily full comparison (decision 0043): it finds what the events walk cannot, a subscription whose events are
// older than Stripe's 30 days, never overlaps another sweep, and reports live rows Stripe does not have.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { runFunction } from '@/sandbox/inngest/run-events'
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
const { walkEventsPage, checkpointAtNewestEvent, SETTLE_MS } = await import('@/lib/reconcile/events-walk')
const { claimSweepLease, finishSweepLease, sweepStatus, SWEEP_LEASE_MS } = await import('@/lib/reconcile/sweep-lease')
const { customerEventTypes, RECONCILE_BILLING } = await import('@/inngest/reconcile-billing')
const { COMPARE_SUBSCRIPTIONS } = await import('@/inngest/compare-subscriptions')
const { SWEEP_SUBSCRIPTIONS } = await import('@/inngest/sweep-subscriptions')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

const DAY = 86_400
const startOfTest = Math.floor(Date.now() / 1000)
/** Moves the Stripe account's clock to `days` after the test began (test clocks only move forward). */
const moveClockTo = (days: number) => double.advanceClockTo(startOfTest + days * DAY)
/** "Now" for the app's walk on the account's clock (`days` after the test began), past the settling time. */
const walkNow = (days: number) => Date.now() + days * DAY * 1000 + SETTLE_MS + 1000
/** A renewal's invoice is a draft for an hour before Stripe finalizes and charges it. */
const DRAFT_HOUR_MS = 3_600_000

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
  await pipeline.deliverNew()
  await pipeline.runQueued()
})
afterAll(() => Promise.all([double.close(), inngest.close()]))

async function subscribe(email: string, lookupKey: string) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  await double.completeCheckout((await redirectOf(() => checkout({ lookupKey }))).split('/').pop()!)
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  return { organization, subscription, customerId: subscription.customer as string }
}

/** Delivers what the double produced since the last call and runs it, as a healthy webhook path does. */
async function deliverAndRun() {
  await pipeline.deliverNew()
  await pipeline.runQueued()
}

/** Runs what Inngest accepted since `from` (and what those runs sent) until nothing is left; returns the runs. */
async function runAcceptedSince(from: number) {
  const runs = []
  let ran = from
  while (ran < inngest.accepted.length) {
    const fresh = inngest.accepted.slice(ran)
    ran = inngest.accepted.length
    runs.push(...(await runInngestEvents(pipeline.functions, fresh)))
  }
  pipeline.skipNew()
  return runs
}

/** The daily comparison as its cron schedule runs it (the event Inngest sends for a cron trigger). */
const dailyFunction = () => pipeline.functions.find((f) => f.id() === 'compare-subscriptions')!

const eventsOf = (subscriptionId: string) => double.events.filter((e) => (e.data.object as { id?: string; subscription?: string }).id === subscriptionId)

describe('the daily full comparison', () => {
  it('creates a subscription whose events were never processed and are 40 days old, which the events walk can no longer see', async () => {
    // Day 0. The walk has a checkpoint; then a yearly subscription starts, and every webhook it causes is lost.
    await checkpointAtNewestEvent(stripe)
    const lost = await subscribe('forty-days@example.com', 'pro_yearly')
    await double.endTrial(lost.subscription.id)
    pipeline.skipNew()
    // The walk saw its events while they were young (the renewal's draft hour included: the trial's end finalized
    // its invoice an hour on) and asked for the customer's re-sync; that run failed for good (say Stripe was
    // unreachable through Inngest's retries), and the checkpoint had moved past the events.
    expect(await walkEventsPage(stripe, customerEventTypes, walkNow(0) + DRAFT_HOUR_MS)).toMatchObject({ kind: 'page', customers: [lost.customerId] })

    // Day 20 and day 40: other customers subscribe, their webhooks arrive, the walk follows them.
    moveClockTo(20)
    await subscribe('day-twenty@example.com', 'pro_monthly')
    await deliverAndRun()
    expect(await walkEventsPage(stripe, customerEventTypes, walkNow(20))).toMatchObject({ kind: 'page', customers: [] })
    moveClockTo(40)
    const recent = await subscribe('day-forty@example.com', 'team_monthly')
    await deliverAndRun()

    // The walk's checkpoint (day 20) is usable and it finds nothing behind: the lost events are gone from Stripe's
    // record, which keeps events 30 days, so no walk, from any checkpoint, can find them again.
    expect(await walkEventsPage(stripe, customerEventTypes, walkNow(40))).toMatchObject({ kind: 'page', customers: [] })
    const listed = await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })
    expect(listed.filter((e) => (e.data.object as { id?: string }).id === lost.subscription.id)).toEqual([])
    expect(listed.some((e) => (e.data.object as { id?: string }).id === recent.subscription.id)).toBe(true)
    const [oldest] = eventsOf(lost.subscription.id)
    await expect(stripe.events.retrieve(oldest!.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' })
    expect(await db.subscription.findUnique({ where: { id: lost.subscription.id } })).toBeNull()

    // The daily comparison: one claim, then one run per page of Stripe's subscriptions.
    const from = inngest.accepted.length
    const daily = await runFunction(dailyFunction(), { name: 'inngest/scheduled.timer', data: {} })
    expect(daily.result).toMatchObject({ started: true, sweepId: expect.stringMatching(/^daily:/) })
    const runs = await runAcceptedSince(from)
    expect(runs.filter((r) => r.event === SWEEP_SUBSCRIPTIONS).map((r) => r.error)).toEqual([undefined])

    expect(await db.subscription.findUniqueOrThrow({ where: { id: lost.subscription.id } })).toMatchObject({ organizationId: lost.organization.id, status: 'active', priceLookupKey: 'pro_yearly', seenInStripeAt: expect.any(Date) })
    expect(await db.billingDrift.findMany({ where: { subscriptionId: lost.subscription.id }, select: { field: true, was: true, now: true, repaired: true, source: true } })).toEqual([
      { field: 'row', was: null, now: 'active', repaired: true, source: 'sweep' },
    ])
    // The subscriptions whose events arrived matched: no drift for them, and the lease is free again.
    expect(await db.billingDrift.count({ where: { subscriptionId: { not: lost.subscription.id } } })).toBe(0)
    expect(await sweepStatus()).toMatchObject({ running: null, lastFinished: { reason: 'daily' } })
  })

  it('reports a live row that Stripe does not have, and leaves it for a person', async () => {
    const { organization } = await subscribe('ghost@example.com', 'pro_monthly')
    await deliverAndRun()
    const ghost = await db.subscription.create({
      data: { id: 'sub_not_in_stripe', organizationId: organization.id, customerId: 'cus_other_account', status: 'active', priceId: 'price_x', stripeStateAt: new Date(), createdAt: new Date(Date.now() - 60_000) },
    })
    await db.subscription.create({ data: { id: 'sub_ended_elsewhere', organizationId: organization.id, customerId: 'cus_other_account', status: 'canceled', priceId: 'price_x', stripeStateAt: new Date(), createdAt: new Date(Date.now() - 60_000) } })

    const from = inngest.accepted.length
    await runInngestEvents(pipeline.functions, [{ name: COMPARE_SUBSCRIPTIONS, data: {} }])
    const runs = await runAcceptedSince(from)

    expect(runs.at(-1)!.result).toMatchObject({ next: null, missing: { missing: 1, lookedUp: 1, gone: 1, found: 0 } })
    expect(await db.billingDrift.findMany({ where: { subscriptionId: ghost.id }, select: { field: true, was: true, now: true, repaired: true } })).toEqual([{ field: 'row', was: 'active', now: null, repaired: false }])
    expect(await db.subscription.findUniqueOrThrow({ where: { id: ghost.id } })).toMatchObject({ status: 'active' })
    expect(await db.billingDrift.count({ where: { subscriptionId: 'sub_ended_elsewhere' } })).toBe(0)
  })
})

describe('two sweeps never overlap', () => {
  it('the hourly walk’s fallback waits while the daily sweep holds the lease, and starts once it is free', async () => {
    const daily = await claimSweepLease('daily')
    expect(daily.kind).toBe('claimed')
    await db.reconcileCheckpoint.delete({ where: { id: 'stripe-events' } }) // the walk now needs a sweep
    const from = inngest.accepted.length

    const [hourly] = await runInngestEvents(pipeline.functions, [{ name: RECONCILE_BILLING, data: {} }])
    expect(hourly!.result).toMatchObject({ sweep: 'no checkpoint yet', sweepPostponed: expect.stringMatching(/^sweep daily:.* is running$/) })
    expect(inngest.accepted.slice(from).filter((e) => e.name === SWEEP_SUBSCRIPTIONS)).toEqual([])
    expect(await db.reconcileCheckpoint.findUnique({ where: { id: 'stripe-events' } })).toBeNull()
    // A second daily claim, or an on-demand one, is refused too.
    expect(await claimSweepLease('on-demand')).toMatchObject({ kind: 'busy' })

    if (daily.kind !== 'claimed') throw new Error('unreachable')
    await finishSweepLease(daily.sweepId)
    const [next] = await runInngestEvents(pipeline.functions, [{ name: RECONCILE_BILLING, data: {} }])
    expect(next!.result).toMatchObject({ sweep: 'no checkpoint yet' })
    expect(next!.result).not.toHaveProperty('sweepPostponed')
    expect(inngest.accepted.slice(from).filter((e) => e.name === SWEEP_SUBSCRIPTIONS)).toHaveLength(1)
    await runAcceptedSince(from)
    expect(await sweepStatus()).toMatchObject({ running: null, lastFinished: { reason: 'fallback' } })
  })

  it('a page of a sweep that lost its lease stops; an abandoned lease can be taken over', async () => {
    const first = await claimSweepLease('daily', { now: Date.now() - SWEEP_LEASE_MS - 60_000 })
    if (first.kind !== 'claimed') throw new Error(`expected a claim, got ${first.why}`)
    const second = await claimSweepLease('on-demand')
    expect(second.kind).toBe('claimed')
    const requestsBefore = double.requests.length

    const [stale] = await runInngestEvents(pipeline.functions, [{ name: SWEEP_SUBSCRIPTIONS, data: { sweepId: first.sweepId, startedAt: first.startedAt, startingAfter: null } }])

    expect(stale!.result).toEqual({ sweepId: first.sweepId, stopped: 'another sweep holds the lease' })
    expect(double.requests.length).toBe(requestsBefore)
    if (second.kind === 'claimed') await finishSweepLease(second.sweepId)
  })

  it('the daily run is skipped when a full sweep finished in the last 20 hours; on demand it runs anyway', async () => {
    const finished = await sweepStatus()
    expect(finished.lastFinished).not.toBeNull()
    const from = inngest.accepted.length
    const scheduled = await runFunction(dailyFunction(), { name: 'inngest/scheduled.timer', data: {} })
    expect(scheduled.result).toMatchObject({ started: false, why: expect.stringMatching(/^a full sweep finished at /) })
    expect(inngest.accepted.length).toBe(from)
    await runInngestEvents(pipeline.functions, [{ name: COMPARE_SUBSCRIPTIONS, data: {} }])
    expect(inngest.accepted.slice(from).map((e) => e.name)).toEqual([SWEEP_SUBSCRIPTIONS])
    await runAcceptedSince(from)
  })
})

describe('Stripe’s events list in the double', () => {
  it('keeps events 30 days, as Stripe does: older ones are neither listed nor retrievable, and the walk’s cursor to one is gone', async () => {
    const fresh = await stripe.customers.create({ email: 'fresh@example.com' })
    const created = double.events.find((e) => e.type === 'customer.created' && (e.data.object as { id: string }).id === fresh.id)!
    expect((await stripe.events.retrieve(created.id)).id).toBe(created.id)
    moveClockTo(40 + 31)
    await expect(stripe.events.retrieve(created.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect((await stripe.events.list({ limit: 100 })).data).toEqual([])
    await expect(stripe.events.list({ ending_before: created.id })).rejects.toMatchObject({ code: 'resource_missing', param: 'ending_before' })
  })
})
