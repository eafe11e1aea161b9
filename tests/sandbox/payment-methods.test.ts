// Stripe's test cards and the customer's payment methods in the sandbox, through the real SDK and the hosted pages:
// attaching a test PaymentMethod (https://docs.stripe.com/api/payment_methods/attach) makes the customer's own card,
// the declining cards cannot be attached (https://docs.stripe.com/testing#declined-payments), the customer's and the
// subscription's default decide what a charge uses, and Checkout, the hosted invoice page and the portal pay or
// switch with a chosen test card.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { rejectionOf, subscribeThroughCheckout } from '../support/sandbox-checkout'

let double: StripeDouble
let stripe: Stripe
let monthly: Stripe.Price
let product: Stripe.Product

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
  product = await stripe.products.create({ name: 'Pro' })
  monthly = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
})
afterAll(() => double.close())

const typesSince = (start: number) => double.events.slice(start).map((event) => event.type)
const form = (fields: Record<string, string>) => ({ method: 'POST', redirect: 'manual' as const, body: new URLSearchParams(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })

describe('attaching test cards', () => {
  it('pm_card_visa attached makes a new card of the customer’s, retrieved, listed both ways, then detached for good', async () => {
    const customer = await stripe.customers.create({ email: 'cards@example.com' })
    const start = double.events.length
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    expect(card.id).toMatch(/^pm_/)
    expect(card.id).not.toBe('pm_card_visa')
    expect(card).toMatchObject({ object: 'payment_method', type: 'card', customer: customer.id, card: { brand: 'visa', last4: '4242' } })
    expect(typesSince(start)).toEqual(['payment_method.attached'])
    expect(await stripe.paymentMethods.retrieve(card.id)).toEqual(card)
    const second = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    expect(second.id).not.toBe(card.id)
    expect((await stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data.map((m) => m.id)).toEqual([second.id, card.id])
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([second.id, card.id])

    const detached = await stripe.paymentMethods.detach(card.id)
    expect(detached.customer).toBeNull()
    expect(double.events.at(-1)).toMatchObject({ type: 'payment_method.detached', data: { previous_attributes: { customer: customer.id } } })
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([second.id])
    // "Detachment is permanent and irreversible" (the SDK's detach).
    expect(await rejectionOf(stripe.paymentMethods.attach(card.id, { customer: customer.id }))).toMatchObject({ statusCode: 400 })
    expect(await rejectionOf(stripe.paymentMethods.attach(second.id, { customer: customer.id }))).toMatchObject({ statusCode: 400 })
  })

  it('the declining cards cannot be attached: 402 with their decline code', async () => {
    const customer = await stripe.customers.create({ email: 'declines@example.com' })
    expect(await rejectionOf(stripe.paymentMethods.attach('pm_card_visa_chargeDeclined', { customer: customer.id }))).toMatchObject({
      statusCode: 402,
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'generic_decline',
    })
    expect(await rejectionOf(stripe.paymentMethods.attach('pm_card_chargeDeclinedInsufficientFunds', { customer: customer.id }))).toMatchObject({
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    })
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([])
    expect(await rejectionOf(stripe.paymentMethods.attach('pm_not_a_test_card', { customer: customer.id }))).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('a customer’s default is one of its own cards; detaching it unsets it', async () => {
    const customer = await stripe.customers.create({ email: 'default@example.com' })
    const stranger = await stripe.customers.create({ email: 'stranger@example.com' })
    const theirs = await stripe.paymentMethods.attach('pm_card_visa', { customer: stranger.id })
    expect(await rejectionOf(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: theirs.id } }))).toMatchObject({
      statusCode: 400,
      param: 'invoice_settings[default_payment_method]',
    })
    const card = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id })
    const start = double.events.length
    const updated = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })
    expect(updated.invoice_settings.default_payment_method).toBe(card.id)
    expect(double.events.slice(start)).toMatchObject([{ type: 'customer.updated', data: { previous_attributes: { invoice_settings: { default_payment_method: null } } } }])
    await stripe.paymentMethods.detach(card.id)
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ invoice_settings: { default_payment_method: null } })
  })
})

describe('charges decided by the card', () => {
  it('Checkout saves the card it charged as the subscription’s default_payment_method', async () => {
    const { customer, subscription } = await subscribeThroughCheckout(double, monthly)
    const method = await stripe.paymentMethods.retrieve(String(subscription.default_payment_method))
    expect(method).toMatchObject({ customer: customer.id, card: { last4: '4242' } })
    const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice), { expand: ['payments.data.payment.payment_intent'] })
    expect(invoice.payments!.data[0]!.payment.payment_intent).toMatchObject({ status: 'succeeded', payment_method: method.id })
  })

  it('a plan change charged to a card that declines after attaching answers 402 card_declined; its subscription default is what is charged', async () => {
    const { customer, subscription, item } = await subscribeThroughCheckout(double, monthly)
    const team = await stripe.prices.create({ product: product.id, unit_amount: 4900, currency: 'usd', recurring: { interval: 'month' } })
    const business = await stripe.prices.create({ product: product.id, unit_amount: 9900, currency: 'usd', recurring: { interval: 'month' } })
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    // Only the customer's default changes: the subscription's own card (from Checkout) still pays.
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } })
    const paid = await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: team.id }], proration_behavior: 'always_invoice', payment_behavior: 'error_if_incomplete' })
    expect(paid.status).toBe('active')
    await stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id })
    expect(
      await rejectionOf(stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: business.id }], proration_behavior: 'always_invoice', payment_behavior: 'error_if_incomplete' })),
    ).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' })
  })

  it('setCard is a switch to the matching test card: attached, and the default of the customer and its subscription', async () => {
    const { customer, subscription } = await subscribeThroughCheckout(double, monthly)
    const start = double.events.length
    double.setCard(customer.id, 'requires_action')
    expect(typesSince(start)).toEqual(['payment_method.attached', 'customer.updated', 'customer.subscription.updated'])
    const card = await stripe.paymentMethods.retrieve(String((await stripe.subscriptions.retrieve(subscription.id)).default_payment_method))
    expect(card.card?.last4).toBe('3184') // pm_card_authenticationRequired
    expect(() => double.useTestCard(customer.id, 'pm_card_visa_chargeDeclined')).toThrow('Your card was declined.')
  })
})

describe('the hosted pages', () => {
  async function openSession(email: string) {
    const customer = await stripe.customers.create({ email })
    return stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: monthly.id, quantity: 1 }], success_url: 'http://localhost/ok' })
  }

  it('Checkout pays with a chosen test card: insufficient funds stays on the page with its message; 3D Secure is completed there', async () => {
    const session = await openSession('picker@example.com')
    const page = await (await fetch(session.url!)).text()
    expect(page).toContain('<option value="pm_card_visa_chargeDeclinedInsufficientFunds">')
    const refused = await fetch(`${session.url}/pay?outcome=succeed`, form({ card: 'pm_card_visa_chargeDeclinedInsufficientFunds' }))
    expect(refused.status).toBe(402)
    expect(await refused.text()).toContain('<p role="alert">Your card has insufficient funds. Try another card.</p>')
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open')
    const paid = await fetch(`${session.url}/pay?outcome=succeed`, form({ card: 'pm_card_authenticationRequired' }))
    expect(paid.status).toBe(303)
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription.default_payment_method'] })
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', subscription: { default_payment_method: { card: { last4: '3184' } } } })
  })

  it('the hosted invoice page pays an open invoice with a chosen test card; a declined one leaves it open', async () => {
    const { subscription } = await subscribeThroughCheckout(double, monthly)
    await double.failRenewal(subscription.id)
    const invoice = await stripe.invoices.retrieve(String((await stripe.subscriptions.retrieve(subscription.id)).latest_invoice))
    const declined = await fetch(`${invoice.hosted_invoice_url}/pay`, form({ card: 'pm_card_visa_chargeDeclined' }))
    expect(declined.status).toBe(402)
    expect(await declined.text()).toContain('Your card was declined. Try another card.')
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open')
    expect((await fetch(`${invoice.hosted_invoice_url}/pay`, form({ card: 'pm_card_visa' }))).status).toBe(303)
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid')
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active')
  })

  it('the portal’s “Update payment method” switches to the chosen card, refuses a declining one, and only when the configuration allows it', async () => {
    const { customer, subscription } = await subscribeThroughCheckout(double, monthly)
    const enabled = await stripe.billingPortal.configurations.create({ features: { payment_method_update: { enabled: true } } })
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: enabled.id })
    expect(await (await fetch(session.url)).text()).toContain('Charged to: Visa •••• 4242 (succeeds).')
    const refused = await fetch(`${session.url}/payment-method`, form({ card: 'pm_card_chargeDeclinedInsufficientFunds' }))
    expect(refused.status).toBe(402)
    expect(await refused.text()).toContain('Your card has insufficient funds. Try another card.')
    expect((await fetch(`${session.url}/payment-method`, form({ card: 'pm_card_chargeCustomerFail' }))).status).toBe(303)
    const switched = await stripe.paymentMethods.retrieve(String((await stripe.subscriptions.retrieve(subscription.id)).default_payment_method))
    expect(switched.card?.last4).toBe('0341')
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBe(switched.id)

    const disabled = await stripe.billingPortal.configurations.create({ features: { payment_method_update: { enabled: false } } })
    const closed = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: disabled.id })
    expect(await (await fetch(closed.url)).text()).not.toContain('Update payment method')
    expect((await fetch(`${closed.url}/payment-method`, form({ card: 'pm_card_visa' }))).status).toBe(404)
  })
})
