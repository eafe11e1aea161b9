import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { runInngestEvents, startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSmtpCapture } from '../support/smtp-capture'
import { createWebhookPipeline } from '../support/webhook-pipeline'

vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
const smtp = await startSmtpCapture()
process.env.INNGEST_DEV = inngest.url
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <billing@example.com>'

const { db } = await import('@/lib/db')
const { checkout } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
  await pipeline.deliverNew()
  await pipeline.runQueued()
})
afterAll(async () => {
  await Promise.all([double.close(), inngest.close(), smtp.close()])
})

/** A signed-in user who completed checkout for `lookupKey` in the double; nothing delivered yet. */
async function subscribe(email: string, lookupKey = 'pro_monthly', opts?: { payment?: 'succeeds' | 'delayed' }) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  const url = await redirectOf(() => checkout({ lookupKey }))
  await double.completeCheckout(url.split('/').pop()!, opts)
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  return { user, organization, subscription }
}

const eventsFor = (subscriptionId: string, type?: string) =>
  double.events.filter((e) => (e.data.object as { id?: string; subscription?: unknown }).id === subscriptionId && (!type || e.type === type))

describe('the webhook pipeline, end to end', () => {
  it('provisions a checkout: every event is recorded, queued, run and marked processed', async () => {
    const { organization, subscription } = await subscribe('journey@example.com')
    const statuses = await pipeline.deliverNew()
    expect(statuses.every((s) => s === 200)).toBe(true)
    const runs = await pipeline.runQueued()
    expect(runs.every((run) => run.error === undefined)).toBe(true)

    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({
      organizationId: organization.id,
      status: 'trialing',
      priceLookupKey: 'pro_monthly',
      productId: 'tollgate_pro',
    })
    const ledger = await db.stripeEvent.findMany({ where: { customerId: subscription.customer as string } })
    const handled = ledger.filter((row) => row.status !== 'ignored')
    expect(handled.length).toBeGreaterThanOrEqual(3)
    expect(handled.every((row) => row.status === 'processed' && row.attempts === 1 && row.processedAt)).toBe(true)
  })

  it('runs a duplicate delivery once', async () => {
    const { subscription } = await subscribe('twice@example.com')
    const created = eventsFor(subscription.id, 'customer.subscription.created')[0]!
    await pipeline.deliverNew()
    expect(await pipeline.post(created)).toBe(200)
    const runs = await pipeline.runQueued()
    expect(runs.filter((r) => r.event === 'stripe/customer.subscription.created' && (r.result as { 'sync-customer'?: unknown })['sync-customer'])).toHaveLength(1)
  })

  it('ends right when an update arrives before the create', async () => {
    const { subscription } = await subscribe('updated-first@example.com')
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    const [created] = eventsFor(subscription.id, 'customer.subscription.created')
    const [updated] = eventsFor(subscription.id, 'customer.subscription.updated')
    await pipeline.post(updated!)
    await pipeline.post(created!)
    await pipeline.runQueued()
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: 'trialing', cancelAtPeriodEnd: true })
    await pipeline.deliverNew()
    await pipeline.runQueued()
  })

  it('ends right when a stale update is processed after the delete', async () => {
    const { subscription } = await subscribe('deleted-first@example.com')
    await stripe.subscriptions.update(subscription.id, { metadata: { note: 'older state' } })
    await stripe.subscriptions.cancel(subscription.id)
    const [updated] = eventsFor(subscription.id, 'customer.subscription.updated')
    const [deleted] = eventsFor(subscription.id, 'customer.subscription.deleted')
    await pipeline.post(deleted!)
    await pipeline.runQueued()
    await pipeline.post(updated!)
    await pipeline.runQueued()
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe('canceled')
    await pipeline.deliverNew()
    await pipeline.runQueued()
  })

  it('retries a Stripe failure mid-sync: the SDK repeats the key, the next run uses the next attempt, and the ledger counts the attempts', async () => {
    const user = await signInAs(db, 'flaky@example.com')
    // A customer and a Checkout session made outside the app (another integration, a payment link): the customer
    // has no organizationId in its metadata and the organization no link yet, so linking it writes to Stripe.
    const organization = await personalOrganizationOf(db, user)
    const customer = await stripe.customers.create({ email: 'flaky@example.com' })
    const [price] = (await stripe.prices.list({ lookup_keys: ['team_monthly'], active: true })).data
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: organization.id,
      line_items: [{ price: price!.id, quantity: 1 }],
      success_url: 'http://localhost:3000/billing/success?session_id={CHECKOUT_SESSION_ID}',
    })
    await double.completeCheckout(session.id)
    await pipeline.deliverNew()

    double.failNext({ method: 'POST', path: `/v1/customers/${customer.id}` }, { status: 500, times: 3 })
    const first = await pipeline.runQueued()
    const failed = first.find((r) => r.event === 'stripe/checkout.session.completed')!
    expect(failed.error).toBeDefined()
    const completed = double.events.find((e) => e.type === 'checkout.session.completed' && (e.data.object as Stripe.Checkout.Session).customer === customer.id)!
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: completed.id } })).toMatchObject({ status: 'queued', attempts: 2 })

    // Inngest retries the run: the same step and request, under the next attempt's key (Stripe may have saved
    // the error under the first).
    const [retry] = await runInngestEvents(pipeline.functions, inngest.accepted.filter((e) => e.id === completed.id))
    expect(retry!.error).toBeUndefined()
    const writes = double.requests.filter((r) => r.method === 'POST' && r.path === `/v1/customers/${customer.id}`)
    expect(writes.map((w) => w.idempotencyKey)).toEqual([
      ...Array<string>(3).fill(`tollgate:link-customer:${completed.id}:a0`),
      `tollgate:link-customer:${completed.id}:a1`,
    ])
    expect(double.customers.get(customer.id)!.metadata.organizationId).toBe(organization.id)
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: completed.id } })).toMatchObject({ status: 'processed', lastError: null })
  })

  it('marks an event failed with its error when Inngest gives up (onFailure)', async () => {
    const { subscription } = await subscribe('doomed@example.com')
    const [created] = eventsFor(subscription.id, 'customer.subscription.created')
    await pipeline.post(created!)
    const fn = pipeline.functions.find((f) => f.id() === 'stripe-customer-subscription-created')!
    const onFailure = fn.opts.onFailure as (ctx: unknown) => Promise<void>
    await onFailure({ event: { name: 'inngest/function.failed', data: { event: { name: 'stripe/customer.subscription.created', data: created }, error: { message: 'boom' } } }, error: new Error('Stripe was down for a day') })
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: created!.id } })).toMatchObject({ status: 'failed', lastError: 'Error: Stripe was down for a day' })
    await pipeline.runQueued()
  })
})

describe('billing emails', () => {
  it('a failed renewal syncs past_due and emails the customer once, however often the event arrives', async () => {
    const { user, subscription } = await subscribe('card-declined@example.com', 'pro_monthly')
    await double.endTrial(subscription.id)
    await double.failRenewal(subscription.id)
    await pipeline.deliverNew()
    const failed = double.events.find((e) => e.type === 'invoice.payment_failed' && (e.data.object as Stripe.Invoice).customer === subscription.customer)!
    const before = smtp.messages.length
    await pipeline.runQueued()
    await runInngestEvents(pipeline.functions, [{ id: 'replay-1', name: 'stripe/invoice.payment_failed', data: failed as never }])

    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).status).toBe('past_due')
    const sent = smtp.messages.slice(before).filter((m) => m.to.includes(user.email!))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toContain('http://localhost:3000/billing')
  })

  it('a trial about to end emails the customer once', async () => {
    const { user, subscription } = await subscribe('trial-ending@example.com', 'team_yearly')
    await double.trialWillEnd(subscription.id)
    await pipeline.deliverNew()
    const before = smtp.messages.length
    await pipeline.runQueued()
    const [willEnd] = eventsFor(subscription.id, 'customer.subscription.trial_will_end')
    await runInngestEvents(pipeline.functions, [{ id: 'replay-2', name: 'stripe/customer.subscription.trial_will_end', data: willEnd as never }])
    const sent = smtp.messages.slice(before).filter((m) => m.to.includes(user.email!))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toMatch(/Team trial ends on/)
  })
})
