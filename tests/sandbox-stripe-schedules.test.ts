// The double's subscription schedules beyond a change at the period's end, through the real SDK: a phase that ends
// inside the period (prorated as the phase says, when the clock gets there), a change to the current phase that
// applies now, `end_date=now`, and release and cancel with the parameters Stripe accepts.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble } from '@/sandbox/stripe'
import { FINALIZED_AND_PAID, PAID_NOTHING } from './support/invoice-events'
import { subscribeThroughCheckout } from './support/sandbox-checkout'

const double = await startStripeDouble({ autoDeliver: false })
const stripe = double.client()
const DAY = 86_400
let pro: Stripe.Price
let team: Stripe.Price

beforeAll(async () => {
  await stripe.products.create({ id: 'prod_pro', name: 'Pro' })
  await stripe.products.create({ id: 'prod_team', name: 'Team' })
  pro = await stripe.prices.create({ product: 'prod_pro', currency: 'usd', unit_amount: 1900, recurring: { interval: 'month' } })
  team = await stripe.prices.create({ product: 'prod_team', currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } })
})
afterAll(() => double.close())

/** A subscription through Checkout, its first period starting now, with a schedule made from it. */
async function scheduled(email: string) {
  const { customer, subscription, item } = await subscribeThroughCheckout(double, pro, { email })
  const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
  return { customer, subscription, item, schedule, start: item.current_period_start, end: item.current_period_end }
}

const share = (amount: number, at: number, start: number, end: number) => Math.round((amount * (end - at)) / (end - start))
const typesSince = (start: number) => double.events.slice(start).map((event) => event.type)
const priceOf = (id: string) => double.subscriptions.get(id)!.items.data[0]!.price.id
const lastInvoice = () => [...double.invoices.values()].at(-1)!

describe('a phase that ends inside the period', () => {
  it('switches the price when the clock reaches it, leaves its prorations pending, and the renewal bills them', async () => {
    const { customer, subscription, schedule, start, end } = await scheduled('mid-period@example.com')
    const switchAt = start + 10 * DAY
    await stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: pro.id, quantity: 1 }], start_date: start, end_date: switchAt },
        { items: [{ price: team.id, quantity: 1 }], proration_behavior: 'create_prorations', duration: { interval: 'month', interval_count: 1 } },
      ],
    })
    double.advanceClockTo(switchAt - 60)
    expect(priceOf(subscription.id)).toBe(pro.id)

    const mark = double.events.length
    double.advanceClockTo(switchAt + 60)
    expect(priceOf(subscription.id)).toBe(team.id)
    expect(typesSince(mark)).toEqual(['subscription_schedule.updated', 'customer.subscription.updated', 'invoiceitem.created', 'invoiceitem.created'])
    const credit = -share(1900, switchAt, start, end)
    const charge = share(4900, switchAt, start, end)
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true })
    expect(pending.data.map((item) => item.amount).sort((a, b) => a - b)).toEqual([credit, charge])
    expect(pending.data.every((item) => item.period.start === switchAt)).toBe(true)
    expect((await stripe.subscriptionSchedules.retrieve(schedule.id)).current_phase?.start_date).toBe(switchAt)

    await double.payRenewal(subscription.id)
    expect(lastInvoice()).toMatchObject({ billing_reason: 'subscription_cycle', amount_due: 4900 + credit + charge })
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([])
  })

  it('invoices the switch at once when its phase says always_invoice, and prorates nothing when it says none', async () => {
    const always = await scheduled('mid-period-always@example.com')
    const none = await scheduled('mid-period-none@example.com')
    const switchAt = Math.max(always.start, none.start) + 2 * DAY
    for (const [{ schedule, start }, prorationBehavior] of [[always, 'always_invoice'], [none, 'none']] as const) {
      await stripe.subscriptionSchedules.update(schedule.id, {
        phases: [
          { items: [{ price: pro.id }], start_date: start, end_date: switchAt },
          { items: [{ price: team.id }], proration_behavior: prorationBehavior },
        ],
      })
    }
    const invoices = double.invoices.size
    double.advanceClockTo(switchAt)
    expect(priceOf(always.subscription.id)).toBe(team.id)
    expect(priceOf(none.subscription.id)).toBe(team.id)
    expect(double.invoices.size).toBe(invoices + 1)
    expect(lastInvoice()).toMatchObject({
      billing_reason: 'subscription_update',
      amount_due: share(4900, switchAt, always.start, always.end) - share(1900, switchAt, always.start, always.end),
    })
    expect((await stripe.invoiceItems.list({ customer: none.customer.id })).data).toEqual([])
  })

  it('ends the current phase at once with end_date=now', async () => {
    const { subscription, schedule, start } = await scheduled('end-now@example.com')
    await stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: pro.id }], start_date: start, end_date: 'now' },
        { items: [{ price: team.id }], proration_behavior: 'none' },
      ],
    })
    expect(priceOf(subscription.id)).toBe(team.id)
  })
})

describe('an update of the current phase', () => {
  it('changes the subscription now, prorated as the request says, instead of keeping the old price', async () => {
    const { subscription, schedule, start, end } = await scheduled('current-phase@example.com')
    const mark = double.events.length
    await stripe.subscriptionSchedules.update(schedule.id, {
      proration_behavior: 'always_invoice',
      phases: [{ items: [{ price: team.id, quantity: 2 }], start_date: start, end_date: end }],
    })
    expect(double.subscriptions.get(subscription.id)!.items.data[0]).toMatchObject({ price: { id: team.id }, quantity: 2 })
    expect(typesSince(mark)).toEqual(['customer.subscription.updated', 'invoiceitem.created', 'invoiceitem.created', 'invoice.created', ...FINALIZED_AND_PAID, 'subscription_schedule.updated'])
    const now = double.invoices.get(String(double.subscriptions.get(subscription.id)!.latest_invoice))!
    expect(now.billing_reason).toBe('subscription_update')
    expect(now.lines.data.every((line) => line.parent?.subscription_item_details?.proration)).toBe(true)
  })

  it('refuses a phase field it would otherwise drop', async () => {
    const { schedule, start, end } = await scheduled('unmodelled-phase@example.com')
    await expect(
      stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: pro.id }], start_date: start, end_date: end, trial: true }] }),
    ).rejects.toMatchObject({ param: 'phases[0][trial]' })
  })
})

describe('release and cancel', () => {
  it('accepts preserve_cancel_date on release, which leaves the subscription as it is', async () => {
    const { subscription, schedule } = await scheduled('release@example.com')
    expect(await stripe.subscriptionSchedules.release(schedule.id, { preserve_cancel_date: true })).toMatchObject({ status: 'released', released_subscription: subscription.id })
    expect(double.subscriptions.get(subscription.id)).toMatchObject({ schedule: null, status: 'active', cancel_at: null })
  })

  it('cancels with a final invoice crediting the unused time by default (invoice_now and prorate default to true)', async () => {
    const { subscription, schedule, start, end } = await scheduled('cancel-default@example.com')
    double.advanceClockTo(Math.max(double.subscriptions.get(subscription.id)!.items.data[0]!.current_period_start, start) + 3 * DAY)
    const at = start + 3 * DAY
    const mark = double.events.length
    expect(await stripe.subscriptionSchedules.cancel(schedule.id)).toMatchObject({ status: 'canceled' })
    expect(typesSince(mark)).toEqual(['subscription_schedule.canceled', 'invoiceitem.created', 'invoice.created', 'invoice.finalized', ...PAID_NOTHING, 'customer.subscription.deleted'])
    const final = lastInvoice()
    const credit = share(1900, double.subscriptions.get(subscription.id)!.canceled_at!, start, end)
    expect(credit).toBeLessThanOrEqual(share(1900, at, start, end))
    expect(final).toMatchObject({ total: -credit, amount_due: 0, ending_balance: -credit, status: 'paid' })
    expect(double.subscriptions.get(subscription.id)).toMatchObject({ status: 'canceled', latest_invoice: final.id })
  })

  it('cancels without invoicing or crediting when both are false, dropping the pending prorations', async () => {
    const { customer, subscription, item, schedule } = await scheduled('cancel-bare@example.com')
    await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: team.id }], proration_behavior: 'create_prorations' })
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(2)
    const invoices = double.invoices.size
    await stripe.subscriptionSchedules.cancel(schedule.id, { invoice_now: false, prorate: false })
    expect(double.invoices.size).toBe(invoices)
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([])
    expect(double.subscriptions.get(subscription.id)!.status).toBe('canceled')
  })

  it('a subscription canceled with prorate=true keeps the credit pending for the customer', async () => {
    const { customer, subscription, schedule } = await scheduled('cancel-prorate@example.com')
    await stripe.subscriptionSchedules.release(schedule.id)
    await stripe.subscriptions.cancel(subscription.id, { prorate: true })
    const [credit] = (await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data
    expect(credit).toMatchObject({ proration: true, invoice: null })
    expect(credit!.amount).toBeLessThan(0)
  })
})
