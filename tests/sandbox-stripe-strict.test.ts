// The Stripe double's refusals and the portal's configuration, through the real SDK (and raw HTTP where the SDK's
// types would stop a wrong request from being written at all): the app's tests can only be as strict as these.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { IdempotencyStore } from '@/sandbox/stripe/door/idempotency'
import { FINALIZED_AND_PAID } from './support/invoice-events'
import { rejectionOf, subscribeThroughCheckout } from './support/sandbox-checkout'

let double: StripeDouble
let stripe: Stripe

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
})
afterAll(() => double.close())


/** A request as Stripe receives it: form-encoded, Bearer auth. */
async function raw(method: string, path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const body = new URLSearchParams(form).toString()
  const url = method === 'GET' && body ? `${double.url}${path}?${body}` : `${double.url}${path}`
  const response = await fetch(url, {
    method,
    headers: { authorization: 'Bearer sk_test_double', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    ...(method !== 'GET' && { body }),
  })
  return { status: response.status, headers: response.headers, body: (await response.json()) as { error?: Record<string, unknown>; id?: string } }
}

async function pricedProduct(name: string) {
  const product = await stripe.products.create({ name })
  const monthly = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' }, nickname: `${name} monthly` })
  const yearly = await stripe.prices.create({ product: product.id, unit_amount: 19000, currency: 'usd', recurring: { interval: 'year' }, nickname: `${name} yearly` })
  return { product, monthly, yearly }
}

async function subscribed(price: Stripe.Price, trialDays?: number) {
  return subscribeThroughCheckout(double, price, { trialDays })
}

const portalPage = async (url: string) => (await fetch(url)).text()
const portalAction = (portal: Stripe.BillingPortal.Session, subscriptionId: string, action: string, form: Record<string, string> = {}) =>
  fetch(`${double.url}/portal/${portal.id}/subscriptions/${subscriptionId}/${action}`, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' })

describe('unknown parameters', () => {
  it('answers a parameter the endpoint does not have with Stripe’s 400, naming it, and changes nothing', async () => {
    const before = double.customers.size
    const created = await raw('POST', '/v1/customers', { email: 'x@example.com', nickname: 'x' })
    expect(created.status).toBe(400)
    expect(created.body.error).toEqual({
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
      message: 'Received unknown parameter: nickname',
      param: 'nickname',
    })
    expect(double.customers.size).toBe(before)

    const listed = await raw('GET', '/v1/prices', { lookup_key: 'pro_monthly' })
    expect(listed).toMatchObject({ status: 400, body: { error: { message: 'Received unknown parameter: lookup_key', param: 'lookup_key' } } })
    const { product } = await pricedProduct('Immutable')
    const price = (await stripe.prices.list({ product: product.id, limit: 1 })).data[0]!
    const changed = await raw('POST', `/v1/prices/${price.id}`, { unit_amount: '2400' })
    expect(changed).toMatchObject({ status: 400, body: { error: { code: 'parameter_unknown', param: 'unit_amount' } } })
  })

  it('always accepts expand', async () => {
    const { product } = await pricedProduct('Expandable')
    const listed = await stripe.prices.list({ product: product.id, expand: ['data.product'] })
    expect(listed.data[0]?.product).toMatchObject({ id: product.id, object: 'product' })
  })
})

describe('portal configurations', () => {
  it('refuses a portal session when none is named and the account has no default configuration', async () => {
    const customer = await stripe.customers.create({ email: 'noconfig@example.com' })
    const error = await rejectionOf(stripe.billingPortal.sessions.create({ customer: customer.id }))
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect((error as Error).message).toBe(
      'No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.',
    )
    expect([...double.portalSessions.values()].some((s) => s.customer === customer.id)).toBe(false)
  })

  it('creates, retrieves, lists and updates a configuration; an inactive one opens no session', async () => {
    const { product, monthly } = await pricedProduct('Configured')
    const created = await stripe.billingPortal.configurations.create({
      features: { subscription_update: { enabled: true, default_allowed_updates: ['price'], products: [{ product: product.id, prices: [monthly.id] }] } },
      metadata: { owner: 'test' },
    })
    expect(created).toMatchObject({ object: 'billing_portal.configuration', active: true, is_default: false, metadata: { owner: 'test' } })
    // Stripe's documented default for trial_update_behavior.
    expect(created.features.subscription_update).toMatchObject({ enabled: true, trial_update_behavior: 'end_trial', products: [{ product: product.id, prices: [monthly.id] }] })
    expect(created.features.subscription_cancel.enabled).toBe(false)
    expect((await stripe.billingPortal.configurations.retrieve(created.id)).id).toBe(created.id)
    expect((await stripe.billingPortal.configurations.list({ active: true })).data.map((c) => c.id)).toContain(created.id)

    const updated = await stripe.billingPortal.configurations.update(created.id, { active: false, features: { subscription_cancel: { enabled: true, mode: 'immediately' } } })
    expect(updated).toMatchObject({ active: false, features: { subscription_cancel: { enabled: true, mode: 'immediately' }, subscription_update: { enabled: true } } })
    const customer = await stripe.customers.create({ email: 'inactive@example.com' })
    const refused = await rejectionOf(stripe.billingPortal.sessions.create({ customer: customer.id, configuration: created.id }))
    expect(refused).toMatchObject({ statusCode: 400, param: 'configuration' })
  })

  it('refuses features it would not accept: a price of another product, a prorated cancel at period end', async () => {
    const a = await pricedProduct('A')
    const b = await pricedProduct('B')
    const foreign = await rejectionOf(
      stripe.billingPortal.configurations.create({
        features: { subscription_update: { enabled: true, default_allowed_updates: ['price'], products: [{ product: a.product.id, prices: [b.monthly.id] }] } },
      }),
    )
    expect(foreign).toMatchObject({ statusCode: 400, param: 'features[subscription_update][products][0][prices][0]' })
    const prorated = await rejectionOf(
      stripe.billingPortal.configurations.create({ features: { subscription_cancel: { enabled: true, mode: 'at_period_end', proration_behavior: 'create_prorations' } } }),
    )
    expect(prorated).toMatchObject({ statusCode: 400, param: 'features[subscription_cancel][proration_behavior]' })
  })
})

describe('the portal page follows its configuration', () => {
  it('offers only the listed prices and the one cancel mode, and refuses forged forms for anything else', async () => {
    const { product, monthly, yearly } = await pricedProduct('Listed')
    const unlisted = await stripe.prices.create({ product: product.id, unit_amount: 2900, currency: 'usd', recurring: { interval: 'month' }, nickname: 'Unlisted monthly' })
    const configuration = await stripe.billingPortal.configurations.create({
      features: {
        subscription_cancel: { enabled: true, mode: 'immediately' },
        subscription_update: { enabled: true, default_allowed_updates: ['price'], products: [{ product: product.id, prices: [monthly.id, yearly.id] }] },
      },
    })
    const { customer, subscription } = await subscribed(monthly)
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: configuration.id })
    const html = await portalPage(portal.url)
    expect(html).toContain('>Switch to Listed yearly</button>')
    expect(html).not.toContain('Unlisted monthly')
    expect(html).toContain('>Cancel now</button>')
    expect(html).not.toContain('Cancel at end of period')

    expect((await portalAction(portal, subscription.id, 'switch', { price: unlisted.id })).status).toBe(400)
    expect((await portalAction(portal, subscription.id, 'cancel-at-period-end')).status).toBe(404)
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'active', cancel_at: null, items: { data: [{ price: { id: monthly.id } }] } })

    expect((await portalAction(portal, subscription.id, 'cancel-now')).status).toBe(303)
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled')
  })

  it('cancels at period end in flexible billing mode with cancel_at, and records the reason picked', async () => {
    const { product, monthly } = await pricedProduct('Flexible')
    const configuration = await stripe.billingPortal.configurations.create({
      features: {
        subscription_cancel: { enabled: true, mode: 'at_period_end', cancellation_reason: { enabled: true, options: ['too_expensive', 'unused'] } },
        subscription_update: { enabled: true, default_allowed_updates: ['price'], products: [{ product: product.id, prices: [monthly.id] }] },
      },
    })
    const { customer, subscription } = await subscribed(monthly)
    expect(subscription.billing_mode.type).toBe('flexible')
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: configuration.id })
    expect(await portalPage(portal.url)).toContain('<option value="too_expensive">')
    expect((await portalAction(portal, subscription.id, 'cancel-at-period-end', { feedback: 'low_quality' })).status).toBe(400)

    expect((await portalAction(portal, subscription.id, 'cancel-at-period-end', { feedback: 'too_expensive' })).status).toBe(303)
    const scheduled = await stripe.subscriptions.retrieve(subscription.id)
    expect(scheduled).toMatchObject({
      status: 'active',
      cancel_at: subscription.items.data[0]!.current_period_end,
      cancel_at_period_end: false,
      cancellation_details: { feedback: 'too_expensive', reason: 'cancellation_requested' },
    })
  })

  it('a plan switch during a trial: end_trial ends it, charges at once and fires trial_will_end; continue_trial keeps it', async () => {
    const { product, monthly, yearly } = await pricedProduct('Trialing')
    const products = [{ product: product.id, prices: [monthly.id, yearly.id] }]
    const ending = await stripe.billingPortal.configurations.create({ features: { subscription_update: { enabled: true, default_allowed_updates: ['price'], products } } })
    const continuing = await stripe.billingPortal.configurations.create({
      features: { subscription_update: { enabled: true, default_allowed_updates: ['price'], products, trial_update_behavior: 'continue_trial' } },
    })

    const first = await subscribed(monthly, 14)
    const start = double.events.length
    const endingPortal = await stripe.billingPortal.sessions.create({ customer: first.customer.id, configuration: ending.id })
    expect((await portalAction(endingPortal, first.subscription.id, 'switch', { price: yearly.id })).status).toBe(303)
    // A change that ends the trial bills at once: its invoice is finalized without a draft hour.
    expect(double.events.slice(start).map((e) => e.type)).toEqual(['customer.subscription.updated', 'customer.subscription.trial_will_end', 'invoice.created', ...FINALIZED_AND_PAID])
    const ended = await stripe.subscriptions.retrieve(first.subscription.id)
    expect(ended.status).toBe('active')
    expect(ended.trial_end).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
    expect(double.invoices.get(String(ended.latest_invoice))).toMatchObject({ billing_reason: 'subscription_update', amount_paid: 19000, status: 'paid' })

    const second = await subscribed(monthly, 14)
    const again = double.events.length
    const continuingPortal = await stripe.billingPortal.sessions.create({ customer: second.customer.id, configuration: continuing.id })
    expect((await portalAction(continuingPortal, second.subscription.id, 'switch', { price: yearly.id })).status).toBe(303)
    expect(double.events.slice(again).map((e) => e.type)).toEqual(['customer.subscription.updated'])
    expect(await stripe.subscriptions.retrieve(second.subscription.id)).toMatchObject({ status: 'trialing', trial_end: second.subscription.trial_end, items: { data: [{ price: { id: yearly.id } }] } })
  })
})

describe('idempotency as Stripe keeps it', () => {
  it('saves a 500 that came after execution began and replays it to the same key; a new key works', async () => {
    const before = double.customers.size
    double.failNext({ method: 'POST', path: '/v1/customers' }, { afterExecution: true })
    const first = await raw('POST', '/v1/customers', { email: 'late-500@example.com' }, { 'idempotency-key': 'late-500' })
    expect(first.status).toBe(500)
    // The work was done before the error: the customer exists.
    expect(double.customers.size).toBe(before + 1)

    const replay = await raw('POST', '/v1/customers', { email: 'late-500@example.com' }, { 'idempotency-key': 'late-500' })
    expect(replay.status).toBe(500)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(double.customers.size).toBe(before + 1)

    const fresh = await raw('POST', '/v1/customers', { email: 'late-500@example.com' }, { 'idempotency-key': 'late-500:2' })
    expect(fresh.status).toBe(200)
  })

  it('saves nothing for a request that failed validation, so the corrected request may reuse the key', async () => {
    const invalid = await raw('POST', '/v1/prices', { currency: 'usd', unit_amount: '100' }, { 'idempotency-key': 'validation' })
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 'parameter_missing' } } })
    const product = await stripe.products.create({ name: 'Validated' })
    const fixed = await raw('POST', '/v1/prices', { currency: 'usd', unit_amount: '100', product: product.id }, { 'idempotency-key': 'validation' })
    expect(fixed.status).toBe(200)
  })

  it('answers 409 to a request with the same key while the first is still executing', async () => {
    const release = double.holdNext({ method: 'POST', path: '/v1/customers' })
    const slow = raw('POST', '/v1/customers', { email: 'slow@example.com' }, { 'idempotency-key': 'in-flight' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const concurrent = await raw('POST', '/v1/customers', { email: 'slow@example.com' }, { 'idempotency-key': 'in-flight' })
    expect(concurrent).toMatchObject({ status: 409, body: { error: { type: 'idempotency_error', code: 'idempotency_key_in_use' } } })
    release()
    const done = await slow
    expect(done.status).toBe(200)
    const replay = await raw('POST', '/v1/customers', { email: 'slow@example.com' }, { 'idempotency-key': 'in-flight' })
    expect(replay.body.id).toBe(done.body.id)
  })

  it('accepts a key of 255 characters and refuses a longer one without executing', async () => {
    const before = double.customers.size
    expect((await raw('POST', '/v1/customers', {}, { 'idempotency-key': 'k'.repeat(255) })).status).toBe(200)
    const long = await raw('POST', '/v1/customers', {}, { 'idempotency-key': 'k'.repeat(256) })
    expect(long).toMatchObject({ status: 400, body: { error: { type: 'invalid_request_error' } } })
    expect(double.customers.size).toBe(before + 1)
  })

  it('forgets a key after 24 hours', () => {
    let now = 0
    const store = new IdempotencyStore(() => now)
    store.begin('day-old', 'POST', '/v1/customers', {})
    store.finish('day-old', { status: 500, body: '{}', requestId: 'req_1' })
    expect(store.check('day-old', 'POST', '/v1/customers', {}).kind).toBe('replay')
    now = 24 * 60 * 60 * 1000 - 1
    expect(store.check('day-old', 'POST', '/v1/customers', {}).kind).toBe('replay')
    now += 1
    expect(store.check('day-old', 'POST', '/v1/customers', {}).kind).toBe('new')
  })
})
