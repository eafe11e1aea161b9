// The app on its customers' test clocks (decision 0053), against the Stripe sandbox as it would run against a test
// account with STRIPE_TEST_CLOCKS=true: each new customer on a clock of its own, time moved only by advancing that
// clock through Stripe's API, and every preview, charge and email on the clock's time. Events go through the real
// webhook route and Inngest functions.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'
import { advanceClock, DAY } from '../support/test-clocks'

vi.mock('next/headers', () => nextHeadersMock())

const fixture = await startSubscriberFixture({ testClocks: true })
const { double, db, stripe, smtp, settle } = fixture
const { checkout, previewPlanChange, confirmPlanChange } = fixture.billing
const { reconcileCustomer } = await import('@/lib/webhooks/reconcile')

beforeAll(fixture.start)
afterAll(fixture.close)

/** An organization subscribed through the app's Checkout; `trial: false` ends the plan's trial at once, on the clock. */
async function subscriber(email: string, lookupKey: string, { trial = false } = {}) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  const url = await redirectOf(() => checkout({ lookupKey }))
  await double.completeCheckout(url.split('/').pop()!)
  let subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  if (!trial) subscription = await stripe.subscriptions.update(subscription.id, { trial_end: 'now' })
  await settle()
  return { organization, subscription, clockId: String(subscription.test_clock) }
}

const clockTime = async (clockId: string) => (await stripe.testHelpers.testClocks.retrieve(clockId)).frozen_time
const invoicesOf = (subscriptionId: string) => [...double.invoices.values()].filter((i) => i.parent?.subscription_details?.subscription === subscriptionId)

describe('a customer the app creates', () => {
  it('is on a test clock of its own, named after the organization and frozen at the minute it was made', async () => {
    const before = Math.floor(Date.now() / 60_000) * 60
    const { organization, subscription, clockId } = await subscriber('clocked@example.com', 'pro_monthly')
    const customer = await stripe.customers.retrieve(organization.stripeCustomerId ?? String(subscription.customer))
    if (customer.deleted) throw new Error('customer deleted')
    expect(customer.test_clock).toBe(clockId)
    const clock = await stripe.testHelpers.testClocks.retrieve(clockId)
    expect(clock).toMatchObject({ name: organization.name, status: 'ready' })
    expect(clock.frozen_time).toBeGreaterThanOrEqual(before)
    expect(clock.frozen_time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
    // One clock per organization: another checkout by the same organization reuses the customer and its clock.
    const clocks = await stripe.testHelpers.testClocks.list({ limit: 100 })
    expect(clocks.data.filter((c) => c.name === organization.name)).toHaveLength(1)
  })
})

describe('after the clock moves a month', () => {
  it('the renewal invoice is dated on the clock, and an upgrade charges exactly its preview, prorated at the clock’s time', async () => {
    const { subscription, clockId } = await subscriber('month-later@example.com', 'pro_monthly')
    const periodEnd = subscription.items.data[0]!.current_period_end
    await advanceClock(double, clockId, periodEnd + 2 * 3600)
    await settle()
    const renewal = invoicesOf(subscription.id).find((i) => i.billing_reason === 'subscription_cycle')!
    expect(renewal).toMatchObject({ status: 'paid', amount_paid: 1900 })
    expect(renewal.created).toBeGreaterThanOrEqual(periodEnd)
    expect(renewal.created).toBeLessThan(periodEnd + 2 * 3600)
    expect(await db.invoice.findUniqueOrThrow({ where: { id: renewal.id } })).toMatchObject({ status: 'paid' })

    const now = await clockTime(clockId)
    const shown = await previewPlanChange({ lookupKey: 'team_monthly' })
    if (!shown.ok) throw new Error(`preview refused: ${shown.error.message}`)
    expect(shown.data.timing).toBe('now')
    // The change starts at the clock's time, a month ahead of the server's, not at the wall clock.
    expect(Date.parse(shown.data.changeAt) / 1000).toBe(now)
    expect(shown.data.amountDue).toBeGreaterThan(0)
    const confirmed = await confirmPlanChange({ token: shown.data.token })
    expect(confirmed).toEqual({ ok: true, data: { timing: 'now', planName: 'Team' } })
    const upgrade = invoicesOf(subscription.id).filter((i) => i.billing_reason === 'subscription_update').at(-1)!
    expect(upgrade.total).toBe(shown.data.amountDue)
    expect(upgrade.amount_paid).toBe(shown.data.amountDue)
    expect(upgrade.created).toBe(now)
    await settle()
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ priceLookupKey: 'team_monthly', status: 'active' })
  })
})

describe('a trial on the clock', () => {
  it('warns three days before its end on the clock, then ends and charges when the clock reaches it', async () => {
    const { subscription, clockId } = await subscriber('trial-clock@example.com', 'pro_monthly', { trial: true })
    expect(subscription.status).toBe('trialing')
    const trialEnd = subscription.trial_end!
    smtp.messages.length = 0
    await advanceClock(double, clockId, trialEnd - 3 * DAY + 60)
    await settle()
    const warned = smtp.messages.filter((m) => m.to.includes('trial-clock@example.com'))
    expect(warned).toHaveLength(1)
    expect(warned[0]!.text).toMatch(/Pro trial ends on/)

    await advanceClock(double, clockId, trialEnd + 2 * 3600)
    await settle()
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: 'active' })
    const first = invoicesOf(subscription.id).find((i) => i.billing_reason === 'subscription_cycle')!
    expect(first).toMatchObject({ status: 'paid', amount_paid: 1900 })
    expect(first.created).toBeGreaterThanOrEqual(trialEnd)
  })
})

describe('the nightly reconciliation on a clock', () => {
  it('repairs an invoice row whose event was lost, although the row is stamped with the clock’s time, a month ahead', async () => {
    const { subscription, clockId } = await subscriber('lost-event@example.com', 'pro_monthly')
    await advanceClock(double, clockId, subscription.items.data[0]!.current_period_end + 2 * 3600)
    await settle()
    const renewal = invoicesOf(subscription.id).find((i) => i.billing_reason === 'subscription_cycle')!
    // As if invoice.paid had never arrived: the row still says open.
    await db.invoice.update({ where: { id: renewal.id }, data: { status: 'open', amountPaid: 0 } })
    const drift = await reconcileCustomer(stripe, String(subscription.customer), 'sweep')
    expect(drift).toContainEqual(expect.objectContaining({ field: 'invoice', was: `${renewal.id}: open`, now: `${renewal.id}: paid` }))
    expect(await db.invoice.findUniqueOrThrow({ where: { id: renewal.id } })).toMatchObject({ status: 'paid', amountPaid: 1900 })
  })
})
