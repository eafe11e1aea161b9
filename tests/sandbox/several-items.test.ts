// Subscriptions with several items in the sandbox, through the real SDK: a plan's licensed price beside metered prices
// read from a Billing Meter. Checkout sells them together (https://docs.stripe.com/api/checkout/sessions/create,
// line_items), updates add, move and remove metered items (https://docs.stripe.com/api/subscriptions/update#update_subscription-items,
// https://docs.stripe.com/billing/subscriptions/usage-based/manage-billing-setup), and each renewal bills the licensed
// item ahead and the metered usage in arrears (https://docs.stripe.com/billing/subscriptions/usage-based/how-it-works).
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { AGGREGATION_DELAY } from '@/sandbox/stripe/resources/meter-events'
import { rejectionOf } from '../support/sandbox-checkout'
import { advanceClock, DAY, subscribeOnTestClock } from '../support/test-clocks'

let double: StripeDouble
let stripe: Stripe
let plan: Stripe.Price
let yearlyPlan: Stripe.Price
let apiCalls: Stripe.Billing.Meter
let perCall: Stripe.Price
let cheaperPerCall: Stripe.Price
let yearlyPerCall: Stripe.Price
let tokensPerCall: Stripe.Price

const HOUR = 3600
const JAN_2024 = Date.UTC(2024, 0, 15, 12) / 1000
const FEB_2024 = Date.UTC(2024, 1, 15, 12) / 1000
const MAR_2024 = Date.UTC(2024, 2, 15, 12) / 1000

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
  const product = await stripe.products.create({ name: 'Pro' })
  const usage = await stripe.products.create({ name: 'API calls' })
  plan = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
  yearlyPlan = await stripe.prices.create({ product: product.id, unit_amount: 19_000, currency: 'usd', recurring: { interval: 'year' } })
  apiCalls = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'several_items_api_call', default_aggregation: { formula: 'sum' } })
  const tokens = await stripe.billing.meters.create({ display_name: 'Tokens', event_name: 'several_items_token', default_aggregation: { formula: 'sum' } })
  const metered = (meter: string, interval: 'month' | 'year' = 'month') => ({ interval, usage_type: 'metered' as const, meter })
  // 1,000 calls included (a free first tier), then 2 cents a call.
  perCall = await stripe.prices.create({
    product: usage.id,
    currency: 'usd',
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    tiers: [
      { up_to: 1000, unit_amount: 0 },
      { up_to: 'inf', unit_amount: 2 },
    ],
    recurring: metered(apiCalls.id),
  })
  cheaperPerCall = await stripe.prices.create({ product: usage.id, currency: 'usd', unit_amount: 1, recurring: metered(apiCalls.id) })
  yearlyPerCall = await stripe.prices.create({ product: usage.id, currency: 'usd', unit_amount: 1, recurring: metered(apiCalls.id, 'year') })
  tokensPerCall = await stripe.prices.create({ product: usage.id, currency: 'usd', unit_amount: 3, recurring: metered(tokens.id) })
})
afterAll(() => double.close())

const invoicesOf = (subscriptionId: string) => [...double.invoices.values()].filter((invoice) => invoice.parent?.subscription_details?.subscription === subscriptionId)
const linesByPrice = (invoice: Stripe.Invoice) => invoice.lines.data.map((line) => ({ price: line.pricing?.price_details?.price, quantity: line.quantity, amount: line.amount, period: line.period }))

/** Calls the customer made now (on its clock), counted once Stripe has aggregated them. */
async function useApi(customer: string, calls: number, eventName = apiCalls.event_name) {
  await stripe.billing.meterEvents.create({ event_name: eventName, payload: { stripe_customer_id: customer, value: String(calls) } })
}

async function subscribed(frozenTime = JAN_2024, metered: readonly Stripe.Price[] = [perCall]) {
  const made = await subscribeOnTestClock(double, plan, { frozenTime, metered })
  const licensed = made.subscription.items.data.find((item) => item.price.id === plan.id)
  const usage = made.subscription.items.data.find((item) => item.price.id === metered[0]?.id)
  if (!licensed || !usage) throw new Error('Checkout made a subscription without its items')
  return { ...made, licensed, usage }
}

describe('Checkout with several line items', () => {
  it('makes one subscription carrying each item, the metered one without quantity, and bills only the plan up front', async () => {
    const { subscription, licensed, usage } = await subscribed()
    expect(subscription.items.data).toHaveLength(2)
    expect(licensed).toMatchObject({ quantity: 1, current_period_start: JAN_2024, current_period_end: FEB_2024 })
    expect(usage).toMatchObject({ price: { recurring: { usage_type: 'metered', meter: apiCalls.id } }, current_period_start: JAN_2024, current_period_end: FEB_2024 })
    expect(usage.quantity).toBeUndefined()
    const [first] = invoicesOf(subscription.id)
    expect(first).toMatchObject({ billing_reason: 'subscription_create', status: 'paid', amount_paid: 1900 })
    expect(linesByPrice(first!)).toEqual([{ price: plan.id, quantity: 1, amount: 1900, period: { start: JAN_2024, end: FEB_2024 } }])
  })

  it('lists the metered line item without quantity and charges nothing for it', async () => {
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: plan.id, quantity: 2 }, { price: perCall.id }], success_url: 'http://localhost/ok' })
    expect(session.amount_total).toBe(3800)
    const lines = await stripe.checkout.sessions.listLineItems(session.id)
    expect(lines.data.map((line) => [line.price?.id, line.quantity, line.amount_total])).toEqual([
      [plan.id, 2, 3800],
      [perCall.id, null, 0],
    ])
  })

  it('refuses a quantity on a metered price, the same price twice and a price in another currency or (not modelled) interval', async () => {
    const create = (line_items: Stripe.Checkout.SessionCreateParams.LineItem[]) => stripe.checkout.sessions.create({ mode: 'subscription', line_items, success_url: 'http://localhost/ok' })
    expect(await rejectionOf(create([{ price: plan.id, quantity: 1 }, { price: perCall.id, quantity: 1 }]))).toMatchObject({ statusCode: 400, param: 'line_items[1][quantity]' })
    expect(await rejectionOf(create([{ price: perCall.id }, { price: perCall.id }]))).toMatchObject({ statusCode: 400, param: 'line_items[1][price]' })
    const euros = await stripe.prices.create({ product: String(plan.product), unit_amount: 500, currency: 'eur', recurring: { interval: 'month' } })
    expect(await rejectionOf(create([{ price: plan.id, quantity: 1 }, { price: euros.id, quantity: 1 }]))).toMatchObject({ statusCode: 400, param: 'line_items[1][price]' })
    expect(await rejectionOf(create([{ price: plan.id, quantity: 1 }, { price: yearlyPerCall.id }]))).toMatchObject({ statusCode: 400, code: 'sandbox_not_modelled' })
  })
})

describe('a renewal', () => {
  it('bills the plan for the new period and the usage of the period that ended, in arrears, at the tiered price', async () => {
    const { clock, customer, subscription } = await subscribed()
    await useApi(customer.id, 1500)
    await advanceClock(double, clock.id, JAN_2024 + 10 * DAY)
    await useApi(customer.id, 700)
    await advanceClock(double, clock.id, FEB_2024 + HOUR + 1)
    const renewal = invoicesOf(subscription.id).find((invoice) => invoice.billing_reason === 'subscription_cycle')
    // 2,200 calls: the first 1,000 free, 1,200 at 2 cents.
    expect(linesByPrice(renewal!)).toEqual([
      { price: plan.id, quantity: 1, amount: 1900, period: { start: FEB_2024, end: MAR_2024 } },
      { price: perCall.id, quantity: 2200, amount: 2400, period: { start: JAN_2024, end: FEB_2024 } },
    ])
    expect(renewal).toMatchObject({ status: 'paid', amount_paid: 4300 })
    const renewed = await stripe.subscriptions.retrieve(subscription.id)
    expect(renewed.items.data.map((item) => [item.current_period_start, item.current_period_end])).toEqual([
      [FEB_2024, MAR_2024],
      [FEB_2024, MAR_2024],
    ])
  })

  it('counts usage that Stripe aggregates during the draft hour, and draws on credit grants before charging', async () => {
    const { clock, customer, subscription } = await subscribed()
    await stripe.billing.creditGrants.create({
      customer: customer.id,
      category: 'promotional',
      amount: { type: 'monetary', monetary: { currency: 'usd', value: 500 } },
      applicability_config: { scope: { price_type: 'metered' } },
    })
    await advanceClock(double, clock.id, FEB_2024 - 30)
    await useApi(customer.id, 2000) // 30 seconds before the period ends, aggregated only after it has
    await advanceClock(double, clock.id, FEB_2024 + 1)
    const draft = invoicesOf(subscription.id).find((invoice) => invoice.billing_reason === 'subscription_cycle')
    expect(draft).toMatchObject({ status: 'draft' })
    expect(draft!.lines.data[1]).toMatchObject({ quantity: 0, amount: 0 })
    await advanceClock(double, clock.id, FEB_2024 + HOUR + AGGREGATION_DELAY)
    const charged = double.invoices.get(draft!.id)!
    // 1,000 calls over the allowance: 2,000 cents, 500 of them from the grant.
    expect(charged.lines.data[1]).toMatchObject({ quantity: 2000, amount: 2000, pretax_credit_amounts: [{ amount: 500 }] })
    expect(charged).toMatchObject({ status: 'paid', total: 1900 + 2000 - 500, amount_paid: 3400 })
  })
})

describe('updating the items', () => {
  it('moves a metered item to another price: the usage so far is billed at the old one, the new one counts from the change', async () => {
    const { clock, customer, subscription, usage } = await subscribed()
    await useApi(customer.id, 1200)
    await advanceClock(double, clock.id, JAN_2024 + 10 * DAY)
    const changedAt = JAN_2024 + 10 * DAY
    const updated = await stripe.subscriptions.update(subscription.id, { items: [{ id: usage.id, price: cheaperPerCall.id }] })
    expect(updated.items.data.find((item) => item.id === usage.id)).toMatchObject({ price: { id: cheaperPerCall.id }, current_period_start: changedAt, current_period_end: FEB_2024 })
    const [pending] = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data
    expect(pending).toMatchObject({ amount: 400, quantity: 1200, period: { start: JAN_2024, end: changedAt }, pricing: { price_details: { price: perCall.id } } })
    await useApi(customer.id, 300)
    await advanceClock(double, clock.id, FEB_2024 + HOUR + 1)
    const renewal = invoicesOf(subscription.id).find((invoice) => invoice.billing_reason === 'subscription_cycle')
    expect(linesByPrice(renewal!)).toEqual([
      { price: plan.id, quantity: 1, amount: 1900, period: { start: FEB_2024, end: MAR_2024 } },
      { price: cheaperPerCall.id, quantity: 300, amount: 300, period: { start: changedAt, end: FEB_2024 } },
      { price: perCall.id, quantity: 1200, amount: 400, period: { start: JAN_2024, end: changedAt } },
    ])
  })

  it('adds a metered item, and removes one with clear_usage billing nothing for it', async () => {
    const { customer, subscription, usage } = await subscribed(JAN_2024, [perCall])
    await useApi(customer.id, 5000)
    const added = await stripe.subscriptions.update(subscription.id, { items: [{ price: tokensPerCall.id }] })
    expect(added.items.data.map((item) => item.price.id)).toEqual([plan.id, perCall.id, tokensPerCall.id])
    const removed = await stripe.subscriptions.update(subscription.id, { items: [{ id: usage.id, deleted: true, clear_usage: true }] })
    expect(removed.items.data.map((item) => item.price.id)).toEqual([plan.id, tokensPerCall.id])
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([])
  })

  it('refuses what Stripe refuses: a quantity on a metered item, clear_usage without deleted, a price twice, an unknown item', async () => {
    const { subscription, licensed, usage } = await subscribed()
    const update = (items: Stripe.SubscriptionUpdateParams.Item[]) => stripe.subscriptions.update(subscription.id, { items })
    expect(await rejectionOf(update([{ id: usage.id, quantity: 3 }]))).toMatchObject({ statusCode: 400, param: 'items[0][quantity]' })
    expect(await rejectionOf(update([{ id: usage.id, clear_usage: true }]))).toMatchObject({ statusCode: 400, param: 'items[0][clear_usage]' })
    expect(await rejectionOf(update([{ price: perCall.id }]))).toMatchObject({ statusCode: 400, param: 'items[0][price]' })
    expect(await rejectionOf(update([{ id: 'si_missing', price: perCall.id }]))).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'items[0][id]' })
    expect(await rejectionOf(update([{ id: licensed.id, price: perCall.id }]))).toMatchObject({ statusCode: 400, param: 'items[0][price]' })
  })

  it('moves the plan and its metered item to a new interval together, and refuses (as not modelled) one without the other', async () => {
    const { subscription, licensed, usage } = await subscribed()
    expect(await rejectionOf(stripe.subscriptions.update(subscription.id, { items: [{ id: licensed.id, price: yearlyPlan.id }] }))).toMatchObject({ statusCode: 400, code: 'sandbox_not_modelled' })
    const yearly = await stripe.subscriptions.update(subscription.id, { items: [{ id: licensed.id, price: yearlyPlan.id }, { id: usage.id, price: yearlyPerCall.id }], proration_behavior: 'none' })
    expect(yearly.items.data.map((item) => [item.price.id, item.current_period_end - item.current_period_start > 360 * DAY])).toEqual([
      [yearlyPlan.id, true],
      [yearlyPerCall.id, true],
    ])
  })
})

describe('a preview of the next invoice', () => {
  it('shows the plan ahead and the usage so far, at the price a previewed change would bill', async () => {
    const { clock, customer, subscription, usage } = await subscribed()
    await useApi(customer.id, 1500)
    await advanceClock(double, clock.id, JAN_2024 + 5 * DAY)
    const unchanged = await stripe.invoices.createPreview({ customer: customer.id, subscription: subscription.id })
    expect(linesByPrice(unchanged)).toEqual([
      { price: plan.id, quantity: 1, amount: 1900, period: { start: FEB_2024, end: MAR_2024 } },
      { price: perCall.id, quantity: 1500, amount: 1000, period: { start: JAN_2024, end: FEB_2024 } },
    ])
    const swapped = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: subscription.id,
      subscription_details: { items: [{ id: usage.id, price: cheaperPerCall.id }], proration_behavior: 'none' },
    })
    expect(linesByPrice(swapped).map((line) => [line.price, line.quantity, line.amount])).toEqual([
      [plan.id, 1, 1900],
      [cheaperPerCall.id, 0, 0],
    ])
  })
})
