// A plan with a metered component, end to end against the Stripe sandbox on the customers' test clocks: Checkout sells
// the plan's flat or per-seat price and its metered price together, the webhook pipeline mirrors the subscription
// into the database, a plan change moves both items, the seat count moves only the licensed one, and the renewal bills
// the period's usage in arrears. Events go through the real webhook route and Inngest functions.
//
// The catalog here is the test's own: Pro and Team gain an "API calls" meter (1,000 calls included, then 1 cent a
// call on Pro and half a cent on Team), and the test creates the meter and its prices in the sandbox as
// `npm run stripe:sync` does for a catalog that declares them.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { CatalogMeter, Plan } from '@/lib/billing/catalog'
import { redirectOf } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'
import { advanceClock } from '../support/test-clocks'

vi.mock('next/headers', () => nextHeadersMock())

const fixture = await startSubscriberFixture({ testClocks: true })
const { double, db, stripe, settle } = fixture
const { checkout, previewPlanChange, confirmPlanChange } = fixture.billing
const { PLANS } = await import('@/lib/billing/catalog')
const { syncSeatQuantity } = await import('@/lib/billing/seat-quantity')
const { licensedItem, meteredItems } = await import('@/lib/billing/subscription-items')

const HOUR = 3600

function apiCalls(plan: 'pro' | 'team', unitAmountDecimal: string): CatalogMeter {
  return {
    key: 'api_calls',
    displayName: 'API calls',
    eventName: 'metered_items_api_call',
    aggregation: 'sum',
    unitLabel: 'API call',
    included: 1000,
    cap: 'soft',
    prices: [
      {
        lookupKey: `${plan}_api_calls_monthly`,
        currency: 'usd',
        interval: 'month',
        scheme: 'tiered',
        tiersMode: 'graduated',
        tiers: [
          { upTo: 1000, unitAmount: 0 },
          { upTo: 'inf', unitAmountDecimal },
        ],
      },
    ],
  }
}

beforeAll(async () => {
  await fixture.start()
  const meter = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'metered_items_api_call', default_aggregation: { formula: 'sum' } })
  for (const [key, decimal] of [['pro', '1'], ['team', '0.5']] as const) {
    const plan = PLANS.find((candidate) => candidate.key === key) as Plan
    // The test's catalog: the plan declares its meter, as lib/billing/catalog.ts lets a plan do.
    Object.assign(plan, { meters: [apiCalls(key, decimal)] })
    await stripe.prices.create({
      product: `tollgate_${key}`,
      currency: 'usd',
      lookup_key: `${key}_api_calls_monthly`,
      // The catalog's own API calls prices (npm run stripe:sync) hold these keys; the test's prices take them over.
      transfer_lookup_key: true,
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [
        { up_to: 1000, unit_amount: 0 },
        { up_to: 'inf', unit_amount_decimal: Stripe.Decimal.from(decimal) },
      ],
      recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
    })
  }
})
afterAll(fixture.close)

/** An organization subscribed to `lookupKey` through the app's Checkout, its trial ended at once on its clock. */
async function subscriber(email: string, lookupKey = 'pro_monthly') {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  const url = await redirectOf(() => checkout({ lookupKey }))
  await double.completeCheckout(url.split('/').pop()!)
  let subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
  subscription = await stripe.subscriptions.update(subscription.id, { trial_end: 'now' })
  await settle()
  return { user, organization, subscription, clockId: String(subscription.test_clock), customerId: String(subscription.customer) }
}

const itemsOf = (id: string) =>
  double.subscriptions.get(id)!.items.data.map((item) => ({ id: item.id, lookupKey: item.price.lookup_key, usage: item.price.recurring?.usage_type, quantity: item.quantity }))
const invoicesOf = (subscriptionId: string) => [...double.invoices.values()].filter((i) => i.parent?.subscription_details?.subscription === subscriptionId)

describe('a plan with a metered component', () => {
  it('is sold through Checkout as two items, the metered one without quantity, and the row mirrors the licensed one', async () => {
    const { subscription } = await subscriber('metered-checkout@example.com')
    const session = [...double.checkoutSessions.values()].find((s) => s.subscription === subscription.id)!
    const lines = await stripe.checkout.sessions.listLineItems(session.id)
    expect(lines.data.map((line) => [line.price?.lookup_key, line.quantity])).toEqual([
      ['pro_monthly', 1],
      ['pro_api_calls_monthly', null],
    ])
    expect(itemsOf(subscription.id)).toEqual([
      { id: expect.any(String), lookupKey: 'pro_monthly', usage: 'licensed', quantity: 1 },
      { id: expect.any(String), lookupKey: 'pro_api_calls_monthly', usage: 'metered', quantity: undefined },
    ])
    const row = await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })
    expect(row).toMatchObject({ status: 'active', priceLookupKey: 'pro_monthly', quantity: 1 })
    const stored = await stripe.subscriptions.retrieve(subscription.id)
    expect(licensedItem(stored)?.price.lookup_key).toBe('pro_monthly')
    expect(meteredItems(stored).map((item) => item.price.lookup_key)).toEqual(['pro_api_calls_monthly'])
  })

  it('changes plan by moving each item to its counterpart: Pro → Team swaps the plan and the metered price, as previewed', async () => {
    const { subscription, clockId, customerId } = await subscriber('metered-upgrade@example.com')
    const [licensedBefore, meteredBefore] = itemsOf(subscription.id)
    // 2,000 calls on Pro before the change, aggregated by Stripe a little later.
    await stripe.billing.meterEvents.create({ event_name: 'metered_items_api_call', payload: { stripe_customer_id: customerId, value: '2000' } })
    await advanceClock(double, clockId, (await stripe.testHelpers.testClocks.retrieve(clockId)).frozen_time + 5 * 60)
    await settle()
    const shown = await previewPlanChange({ lookupKey: 'team_monthly' })
    if (!shown.ok) throw new Error(`preview refused: ${shown.error.message}`)
    expect(shown.data).toMatchObject({ timing: 'now', planName: 'Team' })
    const confirmed = await confirmPlanChange({ token: shown.data.token })
    expect(confirmed).toEqual({ ok: true, data: { timing: 'now', planName: 'Team' } })
    await settle()
    // The same two items, each on the new plan's price: the metered one keeps its id and its meter.
    expect(itemsOf(subscription.id)).toEqual([
      { id: licensedBefore!.id, lookupKey: 'team_monthly', usage: 'licensed', quantity: 1 },
      { id: meteredBefore!.id, lookupKey: 'team_api_calls_monthly', usage: 'metered', quantity: undefined },
    ])
    // The last change invoice (the first is the trial's end): the upgrade, charged as the preview said.
    const change = invoicesOf(subscription.id).filter((invoice) => invoice.billing_reason === 'subscription_update').at(-1)!
    expect(change.amount_due).toBe(shown.data.amountDue)
    // Removing Pro's metered price bills its usage so far at Pro's price, on the change's invoice (flexible billing
    // mode, https://docs.stripe.com/billing/subscriptions/usage-based/manage-billing-setup): 1,000 calls over, 1,000 cents.
    const usage = change.lines.data.find((line) => double.prices.get(String(line.pricing?.price_details?.price))?.lookup_key === 'pro_api_calls_monthly')
    expect(usage).toMatchObject({ amount: 1000, quantity: 2000 })
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ priceLookupKey: 'team_monthly' })
  })

  it('schedules a downgrade with both items in each phase, and the period’s end moves both', async () => {
    const { subscription, clockId } = await subscriber('metered-downgrade@example.com', 'team_monthly')
    const shown = await previewPlanChange({ lookupKey: 'pro_monthly' })
    if (!shown.ok) throw new Error(`preview refused: ${shown.error.message}`)
    expect(shown.data.timing).toBe('period_end')
    await confirmPlanChange({ token: shown.data.token })
    await settle()
    const schedule = [...double.subscriptionSchedules.values()].find((s) => s.subscription === subscription.id)!
    expect(schedule.phases.map((phase) => phase.items.map((item) => [double.prices.get(String(item.price))?.lookup_key, item.quantity]))).toEqual([
      [
        ['team_monthly', 1],
        ['team_api_calls_monthly', undefined],
      ],
      [
        ['pro_monthly', 1],
        ['pro_api_calls_monthly', undefined],
      ],
    ])
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ scheduledPriceId: double.prices.get(String(schedule.phases[1]!.items[0]!.price))!.id })
    await advanceClock(double, clockId, subscription.items.data[0]!.current_period_end + 2 * HOUR)
    await settle()
    expect(itemsOf(subscription.id).map((item) => item.lookupKey)).toEqual(['pro_monthly', 'pro_api_calls_monthly'])
  })

  it('follows the member count on the licensed item only', async () => {
    const { organization, subscription } = await subscriber('metered-seats@example.com')
    const teammate = await db.user.create({ data: { email: 'metered-teammate@example.com' } })
    await db.membership.create({ data: { organizationId: organization.id, userId: teammate.id, role: 'member' } })
    const synced = await syncSeatQuantity(stripe, organization.id, 'metered-seats-test')
    expect(synced).toMatchObject({ status: 'updated', from: 1, to: 2 })
    await settle()
    expect(itemsOf(subscription.id).map((item) => [item.lookupKey, item.quantity])).toEqual([
      ['pro_monthly', 2],
      ['pro_api_calls_monthly', undefined],
    ])
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ quantity: 2 })
  })

  it('bills the period’s usage in arrears on the renewal after a clock advance, at the plan’s tiered price', async () => {
    const { subscription, clockId, customerId } = await subscriber('metered-renewal@example.com')
    const periodEnd = licensedItem(subscription)!.current_period_end
    await stripe.billing.meterEvents.create({ event_name: 'metered_items_api_call', payload: { stripe_customer_id: customerId, value: '4500' } })
    await advanceClock(double, clockId, periodEnd + 2 * HOUR)
    await settle()
    const renewal = invoicesOf(subscription.id).find((invoice) => invoice.billing_reason === 'subscription_cycle')!
    // 4,500 calls: 1,000 included, 3,500 at a cent.
    expect(renewal.lines.data.map((line) => [line.description, line.quantity, line.amount])).toEqual([
      [expect.stringContaining('Pro'), 1, 1900],
      [expect.stringContaining('Pro'), 4500, 3500],
    ])
    expect(renewal).toMatchObject({ status: 'paid', amount_paid: 5400 })
    expect(await db.invoice.findUniqueOrThrow({ where: { id: renewal.id } })).toMatchObject({ status: 'paid', amountPaid: 5400 })
  })
})
