// The double's previews, prorations and schedules, through the real SDK: what Stripe computes, and what it refuses.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble } from '@/sandbox/stripe'
import { subscribeThroughCheckout } from './support/sandbox-checkout'

const double = await startStripeDouble({ autoDeliver: false })
const stripe = double.client()
let monthly: Stripe.Price
let team: Stripe.Price

beforeAll(async () => {
  await stripe.products.create({ id: 'prod_pro', name: 'Pro' })
  await stripe.products.create({ id: 'prod_team', name: 'Team' })
  monthly = await stripe.prices.create({ product: 'prod_pro', currency: 'usd', unit_amount: 1900, recurring: { interval: 'month' } })
  team = await stripe.prices.create({ product: 'prod_team', currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' } })
})
afterAll(() => double.close())

/** An active subscription through Checkout, its trial-free first period starting now. */
async function activeSubscription(email: string) {
  return subscribeThroughCheckout(double, monthly, { email })
}

describe('invoice previews', () => {
  it('price the change from the proration date: a later date credits less unused time', async () => {
    const { subscription, item } = await activeSubscription('preview@example.com')
    const at = (date: number) =>
      stripe.invoices.createPreview({
        subscription: subscription.id,
        subscription_details: { items: [{ id: item.id, price: team.id }], proration_behavior: 'always_invoice', proration_date: date },
      })
    const early = await at(item.current_period_start)
    const late = await at(item.current_period_start + 15 * 86_400)
    expect(early.lines.data.map((line) => line.amount)).toEqual([-1900, 4900])
    expect(early.amount_due).toBe(3000)
    expect(late.amount_due).toBeLessThan(early.amount_due)
    expect(early.lines.data.every((line) => line.parent?.subscription_item_details?.proration)).toBe(true)
    expect(double.invoices.has(early.id!)).toBe(false) // a preview is not an invoice
  })

  it('refuse a proration date outside the period and a nested field the double does not model', async () => {
    const { subscription, item } = await activeSubscription('refused@example.com')
    await expect(
      stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: { items: [{ id: item.id, price: team.id }], proration_date: item.current_period_start - 10 } }),
    ).rejects.toThrow('The proration_date must be within the current billing period of the subscription.')
    // Stripe has subscription_details[cancel_now]; the sandbox does not model it and says so, in its own code.
    await expect(stripe.invoices.createPreview({ subscription: subscription.id, subscription_details: { cancel_now: true } })).rejects.toMatchObject({
      statusCode: 400,
      code: 'sandbox_not_modelled',
      param: 'subscription_details[cancel_now]',
    })
  })
})

describe('updates with payment_behavior=error_if_incomplete', () => {
  it('a declined card answers 402 card_declined and leaves the subscription and its invoices as they were', async () => {
    const { customer, subscription, item } = await activeSubscription('declined@example.com')
    // The card that attaches and then declines every charge (pm_card_chargeCustomerFail): switching to it is a change
    // of its own (payment_method.attached, customer.updated, customer.subscription.updated), made before the update.
    double.setCard(customer.id, 'declined')
    const invoices = double.invoices.size
    const events = double.events.length
    await expect(
      stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: team.id }], proration_behavior: 'always_invoice', payment_behavior: 'error_if_incomplete' }),
    ).rejects.toMatchObject({
      statusCode: 402,
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'generic_decline',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    })
    expect(double.subscriptions.get(subscription.id)!.items.data[0]!.price.id).toBe(monthly.id)
    expect(double.invoices.size).toBe(invoices)
    expect(double.events.length).toBe(events)
  })

  it('without it (allow_incomplete), the change stays and the subscription goes past_due', async () => {
    const { customer, subscription, item } = await activeSubscription('allow@example.com')
    double.setCard(customer.id, 'declined')
    const updated = await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: team.id }], proration_behavior: 'always_invoice' })
    expect(updated).toMatchObject({ status: 'past_due' })
    expect(updated.items.data[0]!.price.id).toBe(team.id)
  })
})

describe('subscription schedules', () => {
  it('from_subscription takes no other parameter, and a subscription takes one schedule', async () => {
    const { subscription } = await activeSubscription('schedule-params@example.com')
    await expect(stripe.subscriptionSchedules.create({ from_subscription: subscription.id, end_behavior: 'release' })).rejects.toThrow(
      'You cannot set `end_behavior` if `from_subscription` is set.',
    )
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    expect(schedule).toMatchObject({ status: 'active', subscription: subscription.id, end_behavior: 'release' })
    await expect(stripe.subscriptionSchedules.create({ from_subscription: subscription.id })).rejects.toThrow('already attached to a schedule')
  })

  it('switch to the next phase at the period’s end, so the renewal bills the new price; a released one changes nothing', async () => {
    const { subscription, item } = await activeSubscription('schedule-switch@example.com')
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    await expect(
      stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: monthly.id }], start_date: item.current_period_start + 1, end_date: item.current_period_end }] }),
    ).rejects.toThrow('You can not modify the start date of the current phase.')
    await stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: monthly.id, quantity: 1 }], start_date: item.current_period_start, end_date: item.current_period_end },
        { items: [{ price: team.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    })
    await expect(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })).rejects.toThrow(`managed by the subscription schedule \`${schedule.id}\``)
    await double.endPeriod(subscription.id)
    const renewed = double.subscriptions.get(subscription.id)!
    expect(renewed.items.data[0]!.price.id).toBe(team.id)
    expect([...double.invoices.values()].at(-1)).toMatchObject({ billing_reason: 'subscription_cycle', amount_due: 4900 })
    const types = double.events.map((e) => e.type)
    expect(types).toContain('subscription_schedule.created')
    expect(types).toContain('subscription_schedule.updated')

    const other = await activeSubscription('schedule-release@example.com')
    const released = await stripe.subscriptionSchedules.create({ from_subscription: other.subscription.id })
    expect(await stripe.subscriptionSchedules.release(released.id)).toMatchObject({ status: 'released', subscription: null, released_subscription: other.subscription.id })
    await expect(stripe.subscriptionSchedules.release(released.id)).rejects.toThrow('currently in the `released` status')
    expect(double.subscriptions.get(other.subscription.id)!.schedule).toBeNull()
  })
})
