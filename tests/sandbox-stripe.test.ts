// The Stripe double, exercised through the real `stripe` SDK over HTTP: if these pass, the app's own tests can
// trust the double to answer as Stripe would.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { parseForm } from '@/sandbox/stripe/door/form-encoding'
import { FAILED, FINALIZED_AND_FAILED, FINALIZED_AND_PAID, PAID } from './support/invoice-events'
import { rejectionOf } from './support/sandbox-checkout'

let double: StripeDouble
let stripe: Stripe

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
})
afterAll(() => double.close())

async function catalog(lookupKey = `pro_${Math.random().toString(36).slice(2)}`) {
  const product = await stripe.products.create({ name: 'Pro', metadata: { plan: 'pro' } })
  const price = await stripe.prices.create({
    product: product.id,
    unit_amount: 1900,
    currency: 'usd',
    recurring: { interval: 'month' },
    lookup_key: lookupKey,
    nickname: 'Pro monthly',
  })
  return { product, price }
}

async function checkout(options: { trialDays?: number; successUrl?: string } = {}) {
  const { price } = await catalog()
  const customer = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada' })
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    client_reference_id: 'user_1',
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: options.successUrl ?? 'http://app.test/billing/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://app.test/pricing',
    metadata: { userId: 'user_1' },
    subscription_data: { metadata: { userId: 'user_1' }, ...(options.trialDays && { trial_period_days: options.trialDays }) },
  })
  return { price, customer, session }
}

const eventsSince = (start: number) => double.events.slice(start)
const typesSince = (start: number) => eventsSince(start).map((event) => event.type)


describe('form encoding', () => {
  it('parses Stripe bracket notation into nested objects and arrays', () => {
    const body = 'line_items[0][price]=p1&line_items[0][quantity]=2&line_items[1][price]=p2&expand[]=data.product&metadata[user_id]=u1&metadata[0]=zero&lookup_keys[0]=a&lookup_keys[1]=b&email=a%2Bb%40x.com&__proto__[polluted]=1'
    expect(parseForm(body)).toEqual({
      line_items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }],
      expand: ['data.product'],
      metadata: { user_id: 'u1', 0: 'zero' },
      lookup_keys: ['a', 'b'],
      email: 'a+b@x.com',
    })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('catalog', () => {
  it('creates products and prices and lists prices by lookup key with the product expanded', async () => {
    const { product, price } = await catalog('pro_monthly_list')
    expect(product.id).toMatch(/^prod_/)
    expect(price).toMatchObject({ id: expect.stringMatching(/^price_/), type: 'recurring', unit_amount: 1900, lookup_key: 'pro_monthly_list' })
    expect(price.recurring).toMatchObject({ interval: 'month', interval_count: 1 })
    expect(String(price.unit_amount_decimal)).toBe('1900')

    const listed = await stripe.prices.list({ lookup_keys: ['pro_monthly_list', 'nope'], expand: ['data.product'] })
    expect(listed.data.map((p) => p.id)).toEqual([price.id])
    expect(listed.data[0]?.product).toMatchObject({ id: product.id, object: 'product', name: 'Pro' })
    expect(double.events.filter((e) => e.data.object && (e.data.object as { id?: string }).id === price.id).map((e) => e.type)).toEqual(['price.created'])
  })

  it('paginates newest first with has_more and starting_after, and filters by active', async () => {
    const product = await stripe.products.create({ id: 'prod_paging', name: 'Paging' })
    const ids: string[] = []
    for (const amount of [100, 200, 300]) {
      ids.push((await stripe.prices.create({ product: product.id, unit_amount: amount, currency: 'usd' })).id)
    }
    await stripe.prices.update(ids[0] ?? '', { active: false })
    const first = await stripe.prices.list({ product: product.id, limit: 2 })
    expect(first.data.map((p) => p.id)).toEqual([ids[2], ids[1]])
    expect(first.has_more).toBe(true)
    const rest = await stripe.prices.list({ product: product.id, limit: 2, starting_after: first.data[1]?.id })
    expect(rest.data.map((p) => p.id)).toEqual([ids[0]])
    expect(rest.has_more).toBe(false)
    expect(await stripe.prices.list({ product: product.id }).autoPagingToArray({ limit: 10 })).toHaveLength(3)
    expect((await stripe.prices.list({ product: product.id, active: true })).data.map((p) => p.id)).toEqual([ids[2], ids[1]])
    const duplicate = await rejectionOf(stripe.products.create({ id: 'prod_paging', name: 'Again' }))
    expect(duplicate).toMatchObject({ statusCode: 400, code: 'resource_already_exists' })
  })

  it('refuses a lookup key another price holds, unless transfer_lookup_key moves it', async () => {
    const { product, price: old } = await catalog('team_monthly')
    const conflict = await rejectionOf(
      stripe.prices.create({ product: product.id, unit_amount: 2500, currency: 'usd', recurring: { interval: 'month' }, lookup_key: 'team_monthly' }),
    )
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(conflict).toMatchObject({ statusCode: 400, param: 'lookup_key' })

    const start = double.events.length
    const moved = await stripe.prices.create({
      product: product.id,
      unit_amount: 2500,
      currency: 'usd',
      recurring: { interval: 'month' },
      lookup_key: 'team_monthly',
      transfer_lookup_key: true,
    })
    expect(moved.lookup_key).toBe('team_monthly')
    expect((await stripe.prices.retrieve(old.id)).lookup_key).toBeNull()
    const [oldUpdated, created] = eventsSince(start)
    expect(oldUpdated).toMatchObject({ type: 'price.updated', data: { object: { id: old.id, lookup_key: null }, previous_attributes: { lookup_key: 'team_monthly' } } })
    expect(created).toMatchObject({ type: 'price.created', data: { object: { id: moved.id } } })
    expect((await stripe.prices.list({ lookup_keys: ['team_monthly'] })).data.map((p) => p.id)).toEqual([moved.id])
  })

  it('treats a price amount as immutable', async () => {
    const { price } = await catalog()
    const error = await rejectionOf(stripe.prices.update(price.id, { unit_amount: 1 } as Stripe.PriceUpdateParams))
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'unit_amount' })
    expect(double.prices.get(price.id)?.unit_amount).toBe(1900)
  })
})

describe('API conventions', () => {
  it('replays an idempotent create byte for byte and creates the customer once', async () => {
    const before = double.customers.size
    const first = await stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'create-once' })
    const second = await stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'create-once' })
    expect(second.id).toBe(first.id)
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true')
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined()
    expect(double.customers.size).toBe(before + 1)
    expect(double.events.filter((e) => e.type === 'customer.created' && (e.data.object as { id: string }).id === first.id)).toHaveLength(1)
    expect(first.lastResponse.headers['stripe-version']).toBe('2026-10-28.endive')
    expect(first.lastResponse.requestId).toMatch(/^req_/)
  })

  it('rejects an idempotency key reused with different parameters', async () => {
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'reused' })
    const error = await rejectionOf(stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'reused' }))
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError)
    expect(error).toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 })
    expect([...double.customers.values()].some((c) => c.email === 'b@example.com')).toBe(false)
  })

  it('answers unknown ids with resource_missing: 404 in the path, 400 naming the param', async () => {
    const missing = await rejectionOf(stripe.customers.retrieve('cus_nope'))
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError)
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such customer: 'cus_nope'" })
    const badParam = await rejectionOf(
      stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: 'price_nope', quantity: 1 }], success_url: 'http://app.test/ok' }),
    )
    expect(badParam).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'line_items[0][price]' })
    const missingParam = await rejectionOf(stripe.billingPortal.sessions.create({} as Stripe.BillingPortal.SessionCreateParams))
    expect(missingParam).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'customer' })
  })

  it('requires a test-mode secret key', async () => {
    const error = await rejectionOf(double.client('sk_live_1234567890abcdef').customers.list())
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError)
    expect((error as Error).message).toMatch(/^Invalid API Key provided: sk_live_/)
    const response = await fetch(`${double.url}/v1/customers`)
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } })
  })

  it('failNext answers 500 before doing anything, and the same idempotency key then succeeds once', async () => {
    const before = double.customers.size
    double.failNext({ method: 'POST', path: '/v1/customers' })
    const failed = await rejectionOf(stripe.customers.create({ email: 'retry@example.com' }, { idempotencyKey: 'retry-me' }))
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAPIError)
    expect(failed).toMatchObject({ statusCode: 500 })
    expect(double.customers.size).toBe(before)

    const retried = await stripe.customers.create({ email: 'retry@example.com' }, { idempotencyKey: 'retry-me' })
    const replayed = await stripe.customers.create({ email: 'retry@example.com' }, { idempotencyKey: 'retry-me' })
    expect(replayed.id).toBe(retried.id)
    expect(double.customers.size).toBe(before + 1)
    expect(double.requests.filter((r) => r.idempotencyKey === 'retry-me').map((r) => r.status)).toEqual([500, 200, 200])
  })

  it('lists customers by email', async () => {
    const target = await stripe.customers.create({ email: 'findme@example.com', metadata: { user_id: 'u9' } })
    const found = await stripe.customers.list({ email: 'findme@example.com' })
    expect(found.data.map((c) => c.id)).toEqual([target.id])
    expect(found.data[0]?.metadata).toEqual({ user_id: 'u9' })
    const updated = await stripe.customers.update(target.id, { name: 'Found', metadata: { user_id: '' } })
    expect(updated).toMatchObject({ name: 'Found', metadata: {} })
  })
})

describe('checkout', () => {
  it('completes into an active subscription with its period on the item, events in Stripe order', async () => {
    const { price, customer, session } = await checkout()
    expect(session).toMatchObject({ status: 'open', payment_status: 'unpaid', url: `${double.url}/checkout/${session.id}`, amount_total: 1900 })
    expect(session.id).toMatch(/^cs_test_/)
    const start = double.events.length
    await double.completeCheckout(session.id)
    // The card is saved to the customer; the first invoice of a charge_automatically subscription is finalized and
    // charged at once: no draft hour.
    expect(typesSince(start)).toEqual(['payment_method.attached', 'customer.subscription.created', 'invoice.created', ...FINALIZED_AND_PAID, 'checkout.session.completed'])

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'line_items'] })
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', customer: customer.id })
    const subscription = done.subscription as Stripe.Subscription
    expect(subscription).toMatchObject({ object: 'subscription', status: 'active', customer: customer.id, metadata: { userId: 'user_1' }, livemode: false })
    const item = subscription.items.data[0]
    expect(item?.price).toMatchObject({ id: price.id, object: 'price' })
    expect(item?.current_period_end).toBeGreaterThan(item?.current_period_start ?? Infinity)
    const expectedEnd = new Date((item?.current_period_start ?? 0) * 1000)
    expectedEnd.setUTCMonth(expectedEnd.getUTCMonth() + 1)
    expect(Math.abs((item?.current_period_end ?? 0) - expectedEnd.getTime() / 1000)).toBeLessThan(4 * 86_400)
    expect(done.line_items?.data[0]).toMatchObject({ quantity: 1, amount_total: 1900, price: { id: price.id } })

    const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice))
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 1900, billing_reason: 'subscription_create', hosted_invoice_url: `${double.url}/invoice/${invoice.id}` })
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id)
    await expect(double.completeCheckout(session.id)).rejects.toThrow(/not open/)
  })

  it('starts a trial when subscription_data asks for one', async () => {
    const { session } = await checkout({ trialDays: 14 })
    const done = await double.completeCheckout(session.id)
    expect(done.payment_status).toBe('no_payment_required')
    const subscription = await stripe.subscriptions.retrieve(String(done.subscription))
    expect(subscription.status).toBe('trialing')
    expect((subscription.trial_end ?? 0) - (subscription.trial_start ?? 0)).toBe(14 * 86_400)
    expect(subscription.items.data[0]?.current_period_end).toBe(subscription.trial_end)
  })

  it('refuses a one-time or inactive price', async () => {
    const product = await stripe.products.create({ name: 'One-off' })
    const once = await stripe.prices.create({ product: product.id, unit_amount: 500, currency: 'usd' })
    const error = await rejectionOf(
      stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: once.id, quantity: 1 }], success_url: 'http://app.test/ok' }),
    )
    expect(error).toMatchObject({ statusCode: 400, param: 'line_items[0][price]' })
  })

  it('serves a payable hosted page that redirects to success_url with the session id', async () => {
    const { session } = await checkout()
    const page = await fetch(session.url ?? '')
    const text = await page.text()
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(text).toContain('<title>Pay — local Stripe sandbox</title>')
    expect(text).toContain(`action="/checkout/${session.id}/pay?outcome=succeed"`)
    expect(text).toContain('>Pay with a declined card</button>')
    expect(text).toContain('>Pay by bank debit</button>')

    const paid = await fetch(`${double.url}/checkout/${session.id}/pay?outcome=succeed`, { method: 'POST', redirect: 'manual' })
    expect(paid.status).toBe(303)
    expect(paid.headers.get('location')).toBe(`http://app.test/billing/success?session_id=${session.id}`)
    expect(double.checkoutSessions.get(session.id)).toMatchObject({ status: 'complete', payment_status: 'paid' })
  })

  it('keeps a declined card on the open session, with no subscription and no invoice (API 2025-03-31)', async () => {
    const { session, customer } = await checkout()
    const start = double.events.length
    const response = await fetch(`${double.url}/checkout/${session.id}/pay?outcome=decline`, { method: 'POST', redirect: 'manual' })
    expect(response.status).toBe(402)
    expect(await response.text()).toContain('<p role="alert">Your card was declined. Try another card.</p>')
    expect(double.checkoutSessions.get(session.id)).toMatchObject({ status: 'open', payment_status: 'unpaid', subscription: null, invoice: null })
    expect(typesSince(start)).toEqual([])
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toEqual([])
    // The customer tries another card on the same session.
    const paid = await double.completeCheckout(session.id)
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid' })
  })

  it('completes a delayed payment unpaid, then settles it with async_payment_succeeded', async () => {
    const { session } = await checkout()
    const start = double.events.length
    const done = await double.completeCheckout(session.id, { payment: 'delayed' })
    expect(done).toMatchObject({ status: 'complete', payment_status: 'unpaid' })
    expect(typesSince(start)).toEqual(['customer.subscription.created', 'invoice.created', 'invoice.finalized', 'checkout.session.completed'])
    expect(double.subscriptions.get(String(done.subscription))?.status).toBe('active')
    expect(double.invoices.get(String(done.invoice))).toMatchObject({ status: 'open', billing_reason: 'subscription_create', amount_remaining: 1900 })

    const mid = double.events.length
    const settled = await double.settleDelayedPayment(session.id, { succeeds: true })
    expect(settled.payment_status).toBe('paid')
    expect(typesSince(mid)).toEqual([...PAID, 'checkout.session.async_payment_succeeded'])
    expect(double.invoices.get(String(done.invoice))?.status).toBe('paid')
    await expect(double.settleDelayedPayment(session.id, { succeeds: true })).rejects.toThrow(/no delayed payment/)
  })

  it('fails a delayed payment with async_payment_failed, leaving the invoice open and the subscription past_due', async () => {
    const { session } = await checkout()
    const done = await double.completeCheckout(session.id, { payment: 'delayed' })
    const mid = double.events.length
    await double.settleDelayedPayment(session.id, { succeeds: false })
    expect(typesSince(mid)).toEqual([...FAILED, 'customer.subscription.updated', 'checkout.session.async_payment_failed'])
    expect(double.checkoutSessions.get(session.id)).toMatchObject({ status: 'complete', payment_status: 'unpaid' })
    expect(double.subscriptions.get(String(done.subscription))?.status).toBe('past_due')
    expect(double.invoices.get(String(done.invoice))).toMatchObject({ status: 'open', attempt_count: 1 })
  })

  it('a delayed payment method with a trial charges nothing today', async () => {
    const { session } = await checkout({ trialDays: 14 })
    const done = await double.completeCheckout(session.id, { payment: 'delayed' })
    expect(done.payment_status).toBe('no_payment_required')
    expect(double.subscriptions.get(String(done.subscription))?.status).toBe('trialing')
  })
})

describe('webhooks', () => {
  let receiver: Server
  let received: { body: string; headers: Record<string, string | string[] | undefined> }[]
  let status = 200

  beforeAll(async () => {
    received = []
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      req.on('end', () => {
        received.push({ body, headers: req.headers })
        res.writeHead(status).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  })
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())))
  const receiverUrl = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`

  it('delivers each event in order, signed so the SDK verifies it', async () => {
    double.setWebhook(receiverUrl())
    received.length = 0
    const { session } = await checkout()
    await double.completeCheckout(session.id)
    await double.idle()
    double.setWebhook(null)

    const events = received.map(({ body, headers }) => {
      expect(headers['content-type']).toBe('application/json; charset=utf-8')
      expect(headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)')
      return stripe.webhooks.constructEvent(body, String(headers['stripe-signature']), double.webhookSecret)
    })
    expect(events.map((e) => e.type)).toEqual([
      'product.created',
      'price.created',
      'customer.created',
      'payment_method.attached',
      'customer.subscription.created',
      'invoice.created',
      ...FINALIZED_AND_PAID,
      'checkout.session.completed',
    ])
    const completed = events.at(-1)
    expect(completed).toMatchObject({ api_version: '2026-10-28.endive', livemode: false, data: { object: { id: session.id, status: 'complete' } } })
    expect(received.at(-1)?.body).toBe(JSON.stringify(double.events.find((e) => e.id === completed?.id), null, 2))
    expect(double.deliveries.slice(-events.length).every((d) => d.status === 200 && d.error === undefined)).toBe(true)
    expect(() => stripe.webhooks.constructEvent(received[0]?.body ?? '', String(received[0]?.headers['stripe-signature']), 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    )
  })

  it('records failed deliveries without retrying or throwing', async () => {
    double.setWebhook(receiverUrl())
    status = 500
    const count = received.length
    const customer = await stripe.customers.create({ email: 'hook@example.com' })
    await double.idle()
    status = 200
    double.setWebhook('http://127.0.0.1:9/unreachable')
    await stripe.customers.update(customer.id, { name: 'Hook' })
    await double.idle()
    double.setWebhook(null)
    expect(received.length).toBe(count + 1)
    const [first, second] = double.deliveries.slice(-2)
    expect(first).toMatchObject({ status: 500, error: expect.stringMatching(/^HTTP 500/) })
    expect(second).toMatchObject({ status: null, error: expect.stringMatching(/ECONNREFUSED/) })
  })

  it('holds events until deliverPending() when autoDeliver is off', async () => {
    const held = await startStripeDouble({ autoDeliver: false, webhookUrl: receiverUrl(), webhookSecret: 'whsec_held' })
    try {
      const count = received.length
      await held.client().customers.create({ email: 'held@example.com' })
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(received.length).toBe(count)
      await held.deliverPending()
      expect(received.length).toBe(count + 1)
      const last = received.at(-1)
      const event = stripe.webhooks.constructEvent(last?.body ?? '', String(last?.headers['stripe-signature']), 'whsec_held')
      expect(event.type).toBe('customer.created')
      expect(held.deliveries).toEqual([{ eventId: event.id, status: 200 }])
    } finally {
      await held.close()
    }
  })

  it('signs payloads the way Stripe does', () => {
    const payload = '{"id":"evt_1"}'
    const header = double.signPayload(payload, 1_700_000_000)
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/)
    expect(() => stripe.webhooks.constructEvent(payload, double.signPayload(payload), double.webhookSecret)).not.toThrow()
  })
})

describe('subscription lifecycle', () => {
  async function activeSubscription(trialDays?: number) {
    const { session, customer, price } = await checkout({ trialDays })
    const done = await double.completeCheckout(session.id)
    return { subscription: await stripe.subscriptions.retrieve(String(done.subscription)), customer, price }
  }

  /** A portal configuration offering every price of `products`, cancelling at period end. */
  const portalConfiguration = (products: { product: string; prices: string[] }[]) =>
    stripe.billingPortal.configurations.create({
      features: {
        subscription_cancel: { enabled: true, mode: 'at_period_end' },
        subscription_update: { enabled: true, default_allowed_updates: ['price'], products, proration_behavior: 'create_prorations' },
      },
    })

  it('portal cancel at period end (flexible billing mode: cancel_at), then the period ends with customer.subscription.deleted', async () => {
    const { subscription, customer, price } = await activeSubscription()
    const configuration = await portalConfiguration([{ product: String(price.product), prices: [price.id] }])
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://app.test/billing', configuration: configuration.id })
    expect(portal).toMatchObject({ object: 'billing_portal.session', url: `${double.url}/portal/${portal.id}`, return_url: 'http://app.test/billing' })
    expect(portal.id).toMatch(/^bps_/)
    const page = await (await fetch(portal.url)).text()
    expect(page).toContain('>Cancel at end of period</button>')
    expect(page).toContain('<a href="http://app.test/billing">Return</a>')

    const start = double.events.length
    const action = `${double.url}/portal/${portal.id}/subscriptions/${subscription.id}/cancel-at-period-end`
    const response = await fetch(action, { method: 'POST', redirect: 'manual' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(portal.url)
    const scheduled = await stripe.subscriptions.retrieve(subscription.id)
    expect(scheduled).toMatchObject({ status: 'active', cancel_at_period_end: false, cancel_at: subscription.items.data[0]?.current_period_end })
    expect(eventsSince(start)).toMatchObject([
      { type: 'customer.subscription.updated', data: { object: { cancel_at_period_end: false, cancel_at: scheduled.cancel_at }, previous_attributes: { cancel_at: null } } },
    ])
    expect(await (await fetch(portal.url)).text()).toContain('>Renew (undo cancel)</button>')

    await double.endPeriod(subscription.id)
    expect(typesSince(start)).toEqual(['customer.subscription.updated', 'customer.subscription.deleted'])
    const ended = await stripe.subscriptions.retrieve(subscription.id)
    expect(ended).toMatchObject({ status: 'canceled', ended_at: subscription.items.data[0]?.current_period_end })
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([])
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.map((s) => s.id)).toEqual([subscription.id])
  })

  it('switches plan through the portal and through the API with previous_attributes', async () => {
    const { subscription, price } = await activeSubscription()
    const yearly = await stripe.prices.create({
      product: String(price.product),
      unit_amount: 19000,
      currency: 'usd',
      recurring: { interval: 'year' },
      nickname: `Yearly ${subscription.id}`,
    })
    const configuration = await portalConfiguration([{ product: String(price.product), prices: [price.id, yearly.id] }])
    const portal = await stripe.billingPortal.sessions.create({ customer: String(subscription.customer), configuration: configuration.id })
    expect(await (await fetch(portal.url)).text()).toContain(`>Switch to Yearly ${subscription.id}</button>`)
    const start = double.events.length
    const body = new URLSearchParams({ price: yearly.id })
    const response = await fetch(`${double.url}/portal/${portal.id}/subscriptions/${subscription.id}/switch`, { method: 'POST', body, redirect: 'manual' })
    expect(response.status).toBe(303)
    // A new interval is invoiced at once; the credit for the unused month is an invoice item that invoice bills.
    expect(typesSince(start)).toEqual(['customer.subscription.updated', 'invoiceitem.created', 'invoice.created', ...FINALIZED_AND_PAID])
    const updated = eventsSince(start)[0] as Stripe.CustomerSubscriptionUpdatedEvent
    expect(updated.data.object.items.data[0]?.price.id).toBe(yearly.id)
    expect(updated.data.previous_attributes?.items?.data[0]?.price.id).toBe(price.id)

    const beforeBack = double.events.length
    const back = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]?.id, price: price.id }],
      proration_behavior: 'none',
      metadata: { switched: 'yes' },
    })
    expect(back.items.data[0]).toMatchObject({ id: subscription.items.data[0]?.id, price: { id: price.id } })
    // A change of interval restarts the billing cycle and is invoiced at once; `none` only drops the credit.
    expect(typesSince(beforeBack)).toEqual(['customer.subscription.updated', 'invoice.created', ...FINALIZED_AND_PAID])
    expect(eventsSince(beforeBack)[0]).toMatchObject({ data: { previous_attributes: { metadata: { switched: null } } } })
    expect(double.invoices.get(String(back.latest_invoice))).toMatchObject({ billing_reason: 'subscription_update', amount_paid: 1900 })
  })

  it('fails a renewal into past_due, then pays it back to active', async () => {
    const { subscription } = await activeSubscription()
    const firstEnd = subscription.items.data[0]?.current_period_end
    const start = double.events.length
    await double.failRenewal(subscription.id)
    // The period ends and the renewal is drafted; an hour later it is finalized, its charge fails, and only then is
    // the subscription past_due.
    expect(typesSince(start)).toEqual(['customer.subscription.updated', 'invoice.created', ...FINALIZED_AND_FAILED, 'customer.subscription.updated'])
    const pastDue = await stripe.subscriptions.retrieve(subscription.id)
    expect(pastDue.status).toBe('past_due')
    expect(pastDue.items.data[0]?.current_period_start).toBe(firstEnd)
    const open = await stripe.invoices.retrieve(String(pastDue.latest_invoice))
    expect(open).toMatchObject({ status: 'open', billing_reason: 'subscription_cycle', attempt_count: 1 })

    const mid = double.events.length
    await double.payRenewal(subscription.id)
    expect(typesSince(mid)).toEqual([...PAID, 'customer.subscription.updated'])
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active')
    const invoices = await stripe.invoices.list({ subscription: subscription.id })
    expect(invoices.data.map((i) => i.status)).toEqual(['paid', 'paid'])
  })

  it('warns before a trial ends, then ends it into an active, paid subscription', async () => {
    const { subscription } = await activeSubscription(7)
    const start = double.events.length
    await double.trialWillEnd(subscription.id)
    await double.endTrial(subscription.id)
    expect(typesSince(start)).toEqual(['customer.subscription.trial_will_end', 'customer.subscription.updated', 'invoice.created', ...FINALIZED_AND_PAID])
    const active = await stripe.subscriptions.retrieve(subscription.id)
    expect(active.status).toBe('active')
    expect(active.items.data[0]?.current_period_start).toBe(subscription.trial_end)
    await expect(double.endTrial(subscription.id)).rejects.toThrow(/not trialing/)
  })

  it('cancels now with DELETE and keeps earlier event snapshots unchanged', async () => {
    const { subscription } = await activeSubscription()
    const created = double.events.find((e) => e.type === 'customer.subscription.created' && (e.data.object as Stripe.Subscription).id === subscription.id)
    const canceled = await stripe.subscriptions.cancel(subscription.id)
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: expect.any(Number), ended_at: expect.any(Number) })
    expect(double.events.at(-1)).toMatchObject({ type: 'customer.subscription.deleted', data: { object: { id: subscription.id, status: 'canceled' } } })
    expect((created?.data.object as Stripe.Subscription).status).toBe('active')
    const again = await rejectionOf(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true }))
    expect(again).toMatchObject({ statusCode: 400 })
  })

  it('serves events by id and by type, stamped with the request that caused them', async () => {
    const customer = await stripe.customers.create({ email: 'events@example.com' }, { idempotencyKey: 'events-key' })
    const listed = await stripe.events.list({ type: 'customer.created', limit: 1 })
    expect((listed.data[0]?.data.object as Stripe.Customer).id).toBe(customer.id)
    expect(listed.data[0]?.request).toEqual({ id: customer.lastResponse.requestId, idempotency_key: 'events-key' })
    const one = await stripe.events.retrieve(listed.data[0]?.id ?? '')
    expect(one.type).toBe('customer.created')
  })
})

describe('close', () => {
  it('stops listening and ends open connections', async () => {
    const other = await startStripeDouble()
    const client = other.client()
    await client.customers.list()
    await other.close()
    await expect(client.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError)
  })
})
