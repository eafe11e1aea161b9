// The Stripe double's subscription states beyond active/past_due, through the real SDK: paused (the pause
// endpoint and a trial ending without a payment method), resumed, unpaid, pause_collection, and a renewal that
// needs 3D Secure.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { FAILED, FINALIZED_AND_FAILED, FINALIZED_AND_PAID } from './support/invoice-events'
import { rejectionOf } from './support/sandbox-checkout'

let double: StripeDouble
let stripe: Stripe

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
})
afterAll(() => double.close())

async function subscription(options: { trialDays?: number } = {}) {
  const product = await stripe.products.create({ name: 'Pro' })
  const price = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
  const customer = await stripe.customers.create({ email: 'states@example.com' })
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'http://app.test/ok',
    ...(options.trialDays && { subscription_data: { trial_period_days: options.trialDays } }),
  })
  const done = await double.completeCheckout(session.id)
  return stripe.subscriptions.retrieve(String(done.subscription))
}

const typesSince = (start: number) => double.events.slice(start).map((event) => event.type)


describe('paused subscriptions', () => {
  it('pauses an active subscription with status_details, then resumes it into a new, paid period', async () => {
    const active = await subscription()
    const start = double.events.length
    const paused = await stripe.subscriptions.pause(active.id)
    expect(paused).toMatchObject({ status: 'paused', status_details: { paused: { type: 'subscription', subscription: { type: 'pause_requested' } } } })
    expect(typesSince(start)).toEqual(['customer.subscription.updated', 'customer.subscription.paused'])
    await expect(double.payRenewal(active.id)).rejects.toThrow(/paused/)

    const mid = double.events.length
    const resumed = await stripe.subscriptions.resume(active.id, { billing_cycle_anchor: { type: 'now' }, payment_behavior: 'resume_on_payment_success' })
    expect(resumed.status).toBe('active')
    expect(resumed.status_details).toBeUndefined()
    // Resuming with billing_cycle_anchor=now charges the new period at once: no draft hour.
    expect(typesSince(mid)).toEqual(['customer.subscription.updated', 'customer.subscription.resumed', 'invoice.created', ...FINALIZED_AND_PAID])
    expect(resumed.items.data[0]?.current_period_start).toBe(resumed.billing_cycle_anchor)
  })

  it('refuses to pause what is not active and to resume what is not paused', async () => {
    const trialing = await subscription({ trialDays: 7 })
    expect(await rejectionOf(stripe.subscriptions.pause(trialing.id))).toMatchObject({ statusCode: 400, code: 'status_transition_invalid' })
    expect(await rejectionOf(stripe.subscriptions.resume(trialing.id))).toMatchObject({ statusCode: 400, code: 'status_transition_invalid' })
    expect(await rejectionOf(stripe.subscriptions.pause(trialing.id, { type: 'forever' }))).toMatchObject({ statusCode: 400, param: 'type' })
  })

  it('pauses a trial that ends without a payment method when trial_settings say pause', async () => {
    const trialing = await subscription({ trialDays: 7 })
    await stripe.subscriptions.update(trialing.id, { trial_settings: { end_behavior: { missing_payment_method: 'pause' } } })
    const start = double.events.length
    await double.endTrial(trialing.id, { hasPaymentMethod: false })
    expect(typesSince(start)).toEqual(['customer.subscription.updated', 'customer.subscription.paused'])
    const paused = await stripe.subscriptions.retrieve(trialing.id)
    expect(paused).toMatchObject({ status: 'paused', status_details: { paused: { subscription: { type: 'trial_end_without_payment_method' } } } })
  })

  it('refuses a trial end behavior Stripe does not have', async () => {
    const trialing = await subscription({ trialDays: 7 })
    const error = await rejectionOf(stripe.subscriptions.update(trialing.id, { trial_settings: { end_behavior: { missing_payment_method: 'ignore' } } }))
    expect(error).toMatchObject({ statusCode: 400, param: 'trial_settings[end_behavior][missing_payment_method]' })
  })
})

describe('unpaid and pause_collection', () => {
  it('marks a subscription unpaid when the last retry fails, and paying its open invoice reactivates it', async () => {
    const active = await subscription()
    await double.failRenewal(active.id)
    const start = double.events.length
    await double.exhaustRetries(active.id, { then: 'unpaid' })
    expect(typesSince(start)).toEqual([...FAILED, 'customer.subscription.updated'])
    const unpaid = await stripe.subscriptions.retrieve(active.id)
    expect(unpaid.status).toBe('unpaid')
    const invoice = await stripe.invoices.retrieve(String(unpaid.latest_invoice))
    expect(invoice).toMatchObject({ status: 'open', next_payment_attempt: null, attempt_count: 2 })

    const paid = await fetch(`${double.url}/invoice/${invoice.id}/pay`, { method: 'POST', redirect: 'manual' })
    expect(paid.status).toBe(303)
    expect((await stripe.subscriptions.retrieve(active.id)).status).toBe('active')
  })

  it('sets and clears pause_collection through an update, refusing unknown behaviors', async () => {
    const active = await subscription()
    const paused = await stripe.subscriptions.update(active.id, { pause_collection: { behavior: 'void' } })
    expect(paused).toMatchObject({ status: 'active', pause_collection: { behavior: 'void', resumes_at: null } })
    const event = double.events.at(-1) as Stripe.CustomerSubscriptionUpdatedEvent
    expect(event).toMatchObject({ type: 'customer.subscription.updated', data: { previous_attributes: { pause_collection: null } } })
    expect(await rejectionOf(stripe.subscriptions.update(active.id, { pause_collection: { behavior: 'skip' as 'void' } }))).toMatchObject({
      statusCode: 400,
      param: 'pause_collection[behavior]',
    })
    const resumed = await stripe.subscriptions.update(active.id, { pause_collection: '' })
    expect(resumed.pause_collection).toBeNull()
  })
})

describe('payments that need the customer', () => {
  it('a renewal needing 3D Secure fails the attempt, asks for action, and the hosted page confirms it', async () => {
    const active = await subscription()
    const start = double.events.length
    await double.requireActionOnRenewal(active.id)
    expect(typesSince(start)).toEqual([
      'customer.subscription.updated',
      'invoice.created',
      ...FINALIZED_AND_FAILED,
      'invoice.payment_action_required',
      'customer.subscription.updated',
    ])
    const pastDue = await stripe.subscriptions.retrieve(active.id)
    expect(pastDue.status).toBe('past_due')
    const invoice = await stripe.invoices.retrieve(String(pastDue.latest_invoice), { expand: ['payments.data.payment.payment_intent'] })
    const intent = invoice.payments?.data[0]?.payment.payment_intent as Stripe.PaymentIntent
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'requires_action', amount: 1900, next_action: { type: 'use_stripe_sdk' } })
    await fetch(`${invoice.hosted_invoice_url}/pay`, { method: 'POST', redirect: 'manual' })
    expect((await stripe.subscriptions.retrieve(active.id)).status).toBe('active')
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid')
    expect(await stripe.paymentIntents.retrieve(intent.id)).toMatchObject({ status: 'succeeded', amount_received: 1900 })
    // Without expand, `payments` is not in the response at all, as in Stripe.
    expect(await stripe.invoices.retrieve(invoice.id)).not.toHaveProperty('payments')
  })
})

describe('refunds and deleted customers', () => {
  it('refunds a paid invoice through a credit note whose parts add up, refusing more than was paid', async () => {
    const active = await subscription()
    const invoice = String(active.latest_invoice)
    expect(await rejectionOf(stripe.creditNotes.create({ invoice, amount: 1900, refund_amount: 1000 }))).toMatchObject({ statusCode: 400, param: 'refund_amount' })
    expect(await rejectionOf(stripe.creditNotes.create({ invoice, amount: 5000, refund_amount: 5000 }))).toMatchObject({ statusCode: 400, param: 'amount' })
    const note = await stripe.creditNotes.create({ invoice, amount: 1900, refund_amount: 1900, reason: 'duplicate' })
    expect(note).toMatchObject({ object: 'credit_note', type: 'post_payment', reason: 'duplicate', refunds: [{ amount_refunded: 1900, type: 'refund' }] })
    expect((await stripe.invoices.retrieve(invoice)).post_payment_credit_notes_amount).toBe(1900)
    expect(await rejectionOf(stripe.creditNotes.create({ invoice, amount: 1, refund_amount: 1 }))).toMatchObject({ statusCode: 400, param: 'amount' })
  })

  it('deleting a customer cancels its subscriptions, and retrieving it answers deleted: true', async () => {
    const active = await subscription()
    const customer = String(active.customer)
    const start = double.events.length
    expect(await stripe.customers.del(customer)).toEqual({ id: customer, object: 'customer', deleted: true })
    expect(typesSince(start)).toEqual(['customer.subscription.deleted', 'customer.deleted'])
    expect(await stripe.customers.retrieve(customer)).toEqual({ id: customer, object: 'customer', deleted: true })
    expect((await stripe.subscriptions.retrieve(active.id)).status).toBe('canceled')
    expect(await rejectionOf(stripe.customers.update(customer, { name: 'Again' }))).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })
})
