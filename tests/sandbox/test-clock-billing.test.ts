// What advancing a test clock runs, through the real SDK: everything due on the clock's objects, in time order, each
// at its own time (https://docs.stripe.com/billing/testing/test-clocks): renewals through their draft hour, a trial's
// warning three days before and its end, payments charged to the subscription's card, Smart Retries on the account's
// schedule and what follows the last one (https://docs.stripe.com/billing/revenue-recovery/smart-retries),
// cancellations at a date, a schedule's phase, a Checkout Session's expiry.
import type Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { FINALIZED_AND_FAILED, FINALIZED_AND_PAID } from '../support/invoice-events'
import { rejectionOf } from '../support/sandbox-checkout'
import { advanceClock, advanceClockInSteps, DAY, eventsOn, subscribeOnTestClock } from '../support/test-clocks'

let double: StripeDouble
let stripe: Stripe
let monthly: Stripe.Price
let yearly: Stripe.Price

const HOUR = 3600
const JAN_2024 = Date.UTC(2024, 0, 15, 12) / 1000
const monthsAfter = (months: number) => Date.UTC(2024, months, 15, 12) / 1000
const SMART_RETRY = (14 * DAY) / 8

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
  const product = await stripe.products.create({ name: 'Pro' })
  monthly = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
  yearly = await stripe.prices.create({ product: product.id, unit_amount: 19_000, currency: 'usd', recurring: { interval: 'year' } })
})
afterEach(() => double.setRevenueRecovery({ retries: { type: 'smart', tries: 8, withinDays: 14 }, subscriptionAfterLastRetry: 'canceled', invoiceAfterLastRetry: 'past_due' }))
afterAll(() => double.close())

const invoicesOf = (subscriptionId: string) => [...double.invoices.values()].filter((invoice) => invoice.parent?.subscription_details?.subscription === subscriptionId)

/** The customer switches its subscription to another test card through the API, as a developer would. */
async function switchSubscriptionCard(customerId: string, subscriptionId: string, card: string) {
  const method = await stripe.paymentMethods.attach(card, { customer: customerId })
  await stripe.subscriptions.update(subscriptionId, { default_payment_method: method.id })
  return method
}

describe('a year on a monthly subscription', () => {
  it('renews twelve times, each period ending on the clock and its invoice charged an hour later, every event in time order', async () => {
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    const start = double.events.length
    await advanceClockInSteps(double, clock.id, monthsAfter(12) + HOUR, 2 * 28 * DAY)
    const renewals = invoicesOf(subscription.id).filter((invoice) => invoice.billing_reason === 'subscription_cycle')
    expect(renewals.map((invoice) => invoice.created)).toEqual(Array.from({ length: 12 }, (_, month) => monthsAfter(month + 1)))
    expect(renewals.every((invoice) => invoice.status === 'paid' && invoice.status_transitions.paid_at === invoice.created + HOUR && invoice.test_clock === clock.id)).toBe(true)
    const ours = eventsOn(double, customer.id, start)
    expect(ours.map((event) => event.created)).toEqual([...ours.map((event) => event.created)].sort((a, b) => a - b))
    expect(ours.filter((event) => event.type === 'invoice.paid')).toHaveLength(12)
    const renewed = await stripe.subscriptions.retrieve(subscription.id)
    expect(renewed).toMatchObject({ status: 'active', items: { data: [{ current_period_start: monthsAfter(12), current_period_end: monthsAfter(13) }] } })
  })
})

describe('a trial', () => {
  it('warns three days before its end, then ends into active with a draft charged an hour later', async () => {
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024, trialDays: 14 })
    const trialEnd = subscription.trial_end!
    expect(trialEnd).toBe(JAN_2024 + 14 * DAY)
    const start = double.events.length
    await advanceClock(double, clock.id, trialEnd - 3 * DAY - 1)
    expect(eventsOn(double, customer.id, start)).toEqual([])
    await advanceClock(double, clock.id, trialEnd + HOUR)
    const ours = eventsOn(double, customer.id, start)
    expect(ours.map((event) => [event.type, event.created])).toEqual([
      ['customer.subscription.trial_will_end', trialEnd - 3 * DAY],
      ['customer.subscription.updated', trialEnd],
      ['invoice.created', trialEnd],
      ...FINALIZED_AND_PAID.map((type) => [type, trialEnd + HOUR]),
    ])
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'active' })
  })
})

describe('payments that fail on the clock', () => {
  it('a declining card fails the renewal, Smart Retries try 8 times over 2 weeks, then the subscription is canceled (Stripe’s default)', async () => {
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    await switchSubscriptionCard(customer.id, subscription.id, 'pm_card_chargeCustomerFail')
    const renewalAt = monthsAfter(1) + HOUR
    await advanceClock(double, clock.id, renewalAt)
    const failed = await stripe.subscriptions.retrieve(subscription.id)
    expect(failed.status).toBe('past_due')
    const invoice = await stripe.invoices.retrieve(String(failed.latest_invoice))
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1, next_payment_attempt: renewalAt + SMART_RETRY })

    const start = double.events.length
    await advanceClock(double, clock.id, renewalAt + 14 * DAY)
    const retries = eventsOn(double, customer.id, start).filter((event) => event.type === 'invoice.payment_failed')
    expect(retries.map((event) => event.created)).toEqual(Array.from({ length: 8 }, (_, n) => renewalAt + Math.round(((n + 1) * 14 * DAY) / 8)))
    const last = eventsOn(double, customer.id, start).at(-1)!
    expect(last).toMatchObject({ type: 'customer.subscription.deleted', created: renewalAt + 14 * DAY, data: { object: { status: 'canceled', cancellation_details: { reason: 'payment_failed' } } } })
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'open', attempt_count: 9, next_payment_attempt: null })
    const intent = (await stripe.invoices.retrieve(invoice.id, { expand: ['payments.data.payment.payment_intent'] })).payments!.data[0]!.payment.payment_intent as Stripe.PaymentIntent
    expect(intent).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: 'generic_decline' } })
  })

  it('a retry with a card that pays recovers the subscription', async () => {
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    await switchSubscriptionCard(customer.id, subscription.id, 'pm_card_chargeCustomerFail')
    await advanceClock(double, clock.id, monthsAfter(1) + HOUR)
    const good = await switchSubscriptionCard(customer.id, subscription.id, 'pm_card_visa')
    const start = double.events.length
    await advanceClock(double, clock.id, monthsAfter(1) + HOUR + SMART_RETRY)
    expect(eventsOn(double, customer.id, start).map((event) => event.type)).toEqual([...FINALIZED_AND_PAID.slice(1), 'customer.subscription.updated'])
    const recovered = await stripe.subscriptions.retrieve(subscription.id)
    expect(recovered.status).toBe('active')
    expect(await stripe.invoices.retrieve(String(recovered.latest_invoice), { expand: ['payments.data.payment.payment_intent'] })).toMatchObject({
      status: 'paid',
      attempt_count: 2,
      payments: { data: [{ payment: { payment_intent: { status: 'succeeded', payment_method: good.id } } }] },
    })
  })

  it('follows the account’s settings: a custom schedule, then unpaid with the invoice marked uncollectible', async () => {
    double.setRevenueRecovery({ retries: { type: 'custom', daysAfterPreviousAttempt: [1, 3] }, subscriptionAfterLastRetry: 'unpaid', invoiceAfterLastRetry: 'uncollectible' })
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    await switchSubscriptionCard(customer.id, subscription.id, 'pm_card_chargeCustomerFail')
    const renewalAt = monthsAfter(1) + HOUR
    const start = double.events.length
    await advanceClock(double, clock.id, renewalAt + 5 * DAY)
    const ours = eventsOn(double, customer.id, start)
    expect(ours.filter((event) => event.type === 'invoice.payment_failed').map((event) => event.created)).toEqual([renewalAt, renewalAt + DAY, renewalAt + 4 * DAY])
    expect(ours.slice(-2).map((event) => event.type)).toEqual(['invoice.marked_uncollectible', 'customer.subscription.updated'])
    const unpaid = await stripe.subscriptions.retrieve(subscription.id)
    expect(unpaid.status).toBe('unpaid')
    expect(await stripe.invoices.retrieve(String(unpaid.latest_invoice))).toMatchObject({ status: 'uncollectible', status_details: { uncollectible: { reason: 'max_payment_attempts' } } })
    // An unpaid subscription's next invoice is made, but not attempted.
    await advanceClock(double, clock.id, monthsAfter(2) + HOUR)
    const next = await stripe.invoices.retrieve(String((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice))
    expect(next).toMatchObject({ status: 'open', attempted: false, auto_advance: false, next_payment_attempt: null })
  })

  it('a card that always asks for 3D Secure leaves the renewal waiting for the customer, who pays on the hosted page', async () => {
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024, card: 'pm_card_authenticationRequired' })
    const start = double.events.length
    await advanceClock(double, clock.id, monthsAfter(1) + HOUR)
    expect(eventsOn(double, customer.id, start).map((event) => event.type)).toEqual([
      'customer.subscription.updated',
      'invoice.created',
      ...FINALIZED_AND_FAILED,
      'invoice.payment_action_required',
      'customer.subscription.updated',
    ])
    const invoice = await stripe.invoices.retrieve(String((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice))
    const paid = await fetch(`${invoice.hosted_invoice_url}/pay`, { method: 'POST', redirect: 'manual' })
    expect(paid.status).toBe(303)
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'active' })
    // Paid on the clock's time: the customer acted at the clock's "now".
    expect((await stripe.invoices.retrieve(invoice.id)).status_transitions.paid_at).toBe(monthsAfter(1) + HOUR)
  })
})

describe('changes carried out by the clock', () => {
  it('a cancellation at the period’s end is carried out when the clock gets there, with no renewal', async () => {
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })
    const start = double.events.length
    await advanceClock(double, clock.id, monthsAfter(1) + HOUR)
    expect(eventsOn(double, customer.id, start).map((event) => [event.type, event.created])).toEqual([['customer.subscription.deleted', monthsAfter(1)]])
    expect(invoicesOf(subscription.id)).toHaveLength(1)
  })

  it('a cancel_at date inside the period ends the subscription then', async () => {
    const { clock, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    const cancelAt = JAN_2024 + 10 * DAY
    await stripe.subscriptions.update(subscription.id, { cancel_at: cancelAt })
    await advanceClock(double, clock.id, JAN_2024 + 20 * DAY)
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'canceled', ended_at: cancelAt })
  })

  it('a plan change is made at the clock’s time: proration from its now, and a wall-clock proration_date is outside the period', async () => {
    const { clock, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    await advanceClock(double, clock.id, JAN_2024 + 10 * DAY)
    const item = subscription.items.data[0]!
    const wallClock = Math.floor(Date.now() / 1000)
    expect(await rejectionOf(stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: yearly.id }], proration_date: wallClock }))).toMatchObject({
      statusCode: 400,
      param: 'proration_date',
    })
    const changed = await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: yearly.id }], proration_date: JAN_2024 + 10 * DAY })
    // A new interval restarts the cycle at the clock's now and invoices it at once.
    expect(changed.items.data[0]).toMatchObject({ current_period_start: JAN_2024 + 10 * DAY })
    expect(await stripe.invoices.retrieve(String(changed.latest_invoice))).toMatchObject({ created: JAN_2024 + 10 * DAY, status: 'paid', test_clock: clock.id })
  })

  it('a schedule’s next phase starts when the clock reaches it', async () => {
    const { clock, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id })
    expect(schedule.test_clock).toBe(clock.id)
    const phase = schedule.phases[0]!
    await stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: monthly.id, quantity: 1 }], start_date: phase.start_date, end_date: phase.end_date },
        { items: [{ price: monthly.id, quantity: 3 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    })
    await advanceClock(double, clock.id, monthsAfter(1) + HOUR)
    const renewed = await stripe.subscriptions.retrieve(subscription.id)
    expect(renewed.items.data[0]!.quantity).toBe(3)
    expect(await stripe.invoices.retrieve(String(renewed.latest_invoice))).toMatchObject({ amount_paid: 3 * 1900, created: monthsAfter(1) })
  })

  it('a Checkout Session for a customer on the clock expires on the clock’s time', async () => {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_2024 })
    const customer = await stripe.customers.create({ email: 'abandons@example.com', test_clock: clock.id })
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: monthly.id, quantity: 1 }], success_url: 'http://localhost/ok' })
    expect(session).toMatchObject({ created: JAN_2024, expires_at: JAN_2024 + DAY })
    double.advanceClockTo(Math.floor(Date.now() / 1000) + 2 * DAY) // the account's time passing does not expire it
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open')
    await advanceClock(double, clock.id, JAN_2024 + DAY)
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'expired', url: null })
  })

  it('the account’s simulations refuse a subscription on a clock, naming the operation that moves it', async () => {
    const { clock, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    await expect(double.payRenewal(subscription.id)).rejects.toThrow(`POST /v1/test_helpers/test_clocks/${clock.id}/advance`)
    await expect(double.exhaustRetries(subscription.id)).rejects.toThrow(/test clock/)
  })
})
