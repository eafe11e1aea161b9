// Checkout in payment mode through the real SDK: one-time prices (a named price or `price_data`), the hosted page
// paying with a test card, the PaymentIntent with `payment_intent_data[metadata]`, checkout.session.completed
// `paid`; a bank debit completes `unpaid` and settles with checkout.session.async_payment_succeeded; and Stripe's
// refusals (recurring prices, subscription-only parameters).
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { rejectionOf } from '../support/sandbox-checkout'

let double: StripeDouble
let stripe: Stripe
let customer: Stripe.Customer

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
  customer = await stripe.customers.create({ email: 'buyer@example.com' })
})
afterAll(() => double.close())

const pack = { price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: '$10 of credit' } }, quantity: 1 }
const eventsOf = async (type: string, id: string) => (await stripe.events.list({ type, limit: 100 })).data.filter((e) => (e.data.object as { id: string }).id === id)

describe('Checkout in payment mode', () => {
  it('charges the one-time total with the test card: a PaymentIntent with the metadata, then checkout.session.completed paid', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [pack],
      payment_intent_data: { metadata: { pack: 'credits_10' } },
      metadata: { pack: 'credits_10' },
      success_url: 'http://localhost/ok?session={CHECKOUT_SESSION_ID}',
    })
    expect(session).toMatchObject({ mode: 'payment', status: 'open', payment_status: 'unpaid', amount_total: 1000, currency: 'usd', payment_intent: null, subscription: null })
    const lines = await stripe.checkout.sessions.listLineItems(session.id)
    expect(lines.data).toMatchObject([{ amount_total: 1000, quantity: 1, description: '$10 of credit', price: { type: 'one_time', recurring: null } }])

    const page = await fetch(`${double.url}/checkout/${session.id}/pay?outcome=succeed`, { method: 'POST', redirect: 'manual' })
    expect(page.headers.get('location')).toBe(`http://localhost/ok?session=${session.id}`)
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] })
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', subscription: null, invoice: null, customer: customer.id, metadata: { pack: 'credits_10' } })
    const intent = done.payment_intent as Stripe.PaymentIntent
    expect(intent).toMatchObject({ status: 'succeeded', amount: 1000, amount_received: 1000, currency: 'usd', customer: customer.id, metadata: { pack: 'credits_10' } })
    expect(await eventsOf('checkout.session.completed', session.id)).toHaveLength(1)
    expect(await eventsOf('payment_intent.succeeded', intent.id)).toHaveLength(1)
  })

  it('sells a named one-time price times its quantity', async () => {
    const product = await stripe.products.create({ name: 'Credit pack' })
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500 })
    const session = await stripe.checkout.sessions.create({ mode: 'payment', customer: customer.id, line_items: [{ price: price.id, quantity: 3 }], success_url: 'http://localhost/ok' })
    expect(session.amount_total).toBe(1500)
    const done = await double.completeCheckout(session.id)
    expect(done.payment_status).toBe('paid')
  })

  it('pays by bank debit: complete but unpaid, then async_payment_succeeded once the debit clears', async () => {
    const session = await stripe.checkout.sessions.create({ mode: 'payment', customer: customer.id, line_items: [pack], success_url: 'http://localhost/ok' })
    const done = await double.completeCheckout(session.id, { payment: 'delayed' })
    expect(done).toMatchObject({ status: 'complete', payment_status: 'unpaid' })
    expect((await stripe.paymentIntents.retrieve(String(done.payment_intent))).status).toBe('processing')
    const settled = await double.settleDelayedPayment(session.id, { succeeds: true })
    expect(settled.payment_status).toBe('paid')
    expect((await stripe.paymentIntents.retrieve(String(done.payment_intent))).status).toBe('succeeded')
    expect(await eventsOf('checkout.session.async_payment_succeeded', session.id)).toHaveLength(1)
  })

  it('keeps the session open when the card is declined', async () => {
    const session = await stripe.checkout.sessions.create({ mode: 'payment', customer: customer.id, line_items: [pack], success_url: 'http://localhost/ok' })
    const page = await fetch(`${double.url}/checkout/${session.id}/pay?outcome=decline`, { method: 'POST', redirect: 'manual' })
    expect(page.status).toBe(402)
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'open', payment_status: 'unpaid', payment_intent: null })
  })

  it('refuses recurring prices and subscription-only parameters in payment mode, and payment_intent_data in subscription mode', async () => {
    const product = await stripe.products.create({ name: 'Plan' })
    const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } })
    const base = { mode: 'payment' as const, success_url: 'http://localhost/ok' }
    expect(await rejectionOf(stripe.checkout.sessions.create({ ...base, line_items: [{ price: monthly.id, quantity: 1 }] }))).toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('You specified `payment` mode but passed a recurring price'),
    })
    expect(await rejectionOf(stripe.checkout.sessions.create({ ...base, line_items: [pack], subscription_data: { trial_period_days: 7 } }))).toMatchObject({ statusCode: 400, param: 'subscription_data' })
    expect(await rejectionOf(stripe.checkout.sessions.create({ ...base, line_items: [{ price_data: pack.price_data }] }))).toMatchObject({ statusCode: 400, param: 'line_items[0][quantity]' })
    expect(await rejectionOf(stripe.checkout.sessions.create({ ...base, line_items: [{ price: monthly.id, price_data: pack.price_data, quantity: 1 }] }))).toMatchObject({ statusCode: 400 })
    expect(
      await rejectionOf(stripe.checkout.sessions.create({ mode: 'subscription', success_url: 'http://localhost/ok', line_items: [{ price: monthly.id, quantity: 1 }], payment_intent_data: { metadata: { a: 'b' } } })),
    ).toMatchObject({ statusCode: 400, param: 'payment_intent_data' })
  })
})
