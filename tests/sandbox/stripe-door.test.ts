// The sandbox's door over HTTP: every request is checked against Stripe's contract before anything runs, and answered
// in Stripe's error shape (https://docs.stripe.com/api/errors: `type`, `code`, `doc_url`, `message`, `param`; the
// codes at https://docs.stripe.com/error-codes). What Stripe accepts and the sandbox does not model gets the
// sandbox's own answer, code `sandbox_not_modelled`. Raw requests, because the SDK's types would not let most of
// these be written.
import { afterAll, describe, expect, it } from 'vitest'
import { startStripeDouble } from '@/sandbox/stripe'

const double = await startStripeDouble()
const stripe = double.client()
afterAll(() => double.close())

type Form = Record<string, string> | [string, string][]

async function send(method: string, path: string, form: Form = {}, headers: Record<string, string> = {}) {
  const body = new URLSearchParams(form).toString()
  const response = await fetch(method === 'GET' && body ? `${double.url}${path}?${body}` : `${double.url}${path}`, {
    method,
    headers: { authorization: 'Bearer sk_test_door', 'content-type': 'application/x-www-form-urlencoded', 'stripe-version': '2026-10-28.endive', ...headers },
    ...(method !== 'GET' && { body }),
  })
  return { status: response.status, headers: response.headers, error: ((await response.json()) as { error?: Record<string, unknown> }).error }
}

const many = (key: string, count: number): [string, string][] => Array.from({ length: count }, (_, index) => [`${key}[]`, `value_${index}`])

describe('what Stripe refuses, refused at the door in Stripe’s words, before anything runs', () => {
  it('an unknown parameter at any depth: 400 parameter_unknown naming its bracketed path (https://docs.stripe.com/error-codes/parameter-unknown)', async () => {
    const customer = await stripe.customers.create({ email: 'nested@example.com' })
    const events = double.events.length
    const answer = await send('POST', `/v1/customers/${customer.id}`, { name: 'Renamed', 'invoice_settings[footer]': 'ok', 'invoice_settings[colour]': 'red' })
    expect(answer).toMatchObject({ status: 400 })
    expect(answer.error).toEqual({
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
      message: 'Received unknown parameter: invoice_settings[colour]',
      param: 'invoice_settings[colour]',
    })
    expect(double.customers.get(customer.id)?.name).toBeNull()
    expect(double.events.length).toBe(events)
  })

  it('an enum value Stripe does not have, in a body and inside a list (https://docs.stripe.com/api/subscriptions/update, /api/customer_portal/configurations/create)', async () => {
    expect(await send('POST', '/v1/subscriptions/sub_missing', { proration_behavior: 'sometimes' })).toMatchObject({
      status: 400,
      error: { type: 'invalid_request_error', param: 'proration_behavior', message: 'Invalid proration_behavior: must be one of always_invoice, create_prorations, or none' },
    })
    const listed = await send('POST', '/v1/billing_portal/configurations', [
      ['features[customer_update][enabled]', 'true'],
      ['features[customer_update][allowed_updates][0]', 'email'],
      ['features[customer_update][allowed_updates][1]', 'favourite_colour'],
    ])
    expect(listed).toMatchObject({ status: 400, error: { param: 'features[customer_update][allowed_updates][1]' } })
    expect(double.portalConfigurations.size).toBe(0)
  })

  it('more than 20 types, and type with types, on GET /v1/events (https://docs.stripe.com/api/events/list)', async () => {
    expect((await send('GET', '/v1/events', many('types', 20))).status).toBe(200)
    expect(await send('GET', '/v1/events', many('types', 21))).toMatchObject({ status: 400, error: { type: 'invalid_request_error', param: 'types', message: 'Invalid types: must contain at most 20 elements, but it has 21.' } })
    expect(await send('GET', '/v1/events', [['type', 'invoice.paid'], ...many('types', 1)])).toMatchObject({
      status: 400,
      error: { code: 'parameters_exclusive', doc_url: 'https://stripe.com/docs/error-codes/parameters-exclusive', message: 'You may only specify one of these parameters: type, types.' },
    })
  })

  it('11 lookup_keys on GET /v1/prices (https://docs.stripe.com/api/prices/list: "up to 10")', async () => {
    expect((await send('GET', '/v1/prices', many('lookup_keys', 10))).status).toBe(200)
    expect(await send('GET', '/v1/prices', many('lookup_keys', 11))).toMatchObject({ status: 400, error: { param: 'lookup_keys', message: 'Invalid lookup_keys: must contain at most 10 elements, but it has 11.' } })
  })

  it('metadata over each of Stripe’s limits: 50 keys, 40-character keys, 500-character values (https://docs.stripe.com/metadata)', async () => {
    const keys = (count: number): [string, string][] => Array.from({ length: count }, (_, index) => [`metadata[key_${index}]`, 'v'])
    const before = double.customers.size
    expect(await send('POST', '/v1/customers', keys(51))).toMatchObject({ status: 400, error: { param: 'metadata', message: "Metadata can have up to 50 keys, but you've set 51. Email us at support+metadata@stripe.com for more information." } })
    expect(await send('POST', '/v1/customers', { [`metadata[${'k'.repeat(41)}]`]: 'v' })).toMatchObject({ status: 400, error: { message: `Invalid key: ${'k'.repeat(41)} must be a string under 40 characters` } })
    expect(await send('POST', '/v1/customers', { 'metadata[note]': 'v'.repeat(501) })).toMatchObject({ status: 400, error: { message: `Invalid val: ${'v'.repeat(501)} must be a string under 500 characters` } })
    expect(double.customers.size).toBe(before)
    expect((await send('POST', '/v1/customers', [...keys(49), [`metadata[${'k'.repeat(40)}]`, ''], ['metadata[note]', 'v'.repeat(500)]])).status).toBe(200)
  })

  it('a Checkout Session expiring sooner than 30 minutes or later than 24 hours (https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-expires_at)', async () => {
    const now = Math.floor(Date.now() / 1000)
    const session = (expiresAt: number) => send('POST', '/v1/checkout/sessions', { mode: 'subscription', 'line_items[0][price]': 'price_x', 'line_items[0][quantity]': '1', expires_at: String(expiresAt) })
    expect(await session(now + 10 * 60)).toMatchObject({ status: 400, error: { param: 'expires_at', message: 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.' } })
    expect(await session(now + 25 * 3600)).toMatchObject({ status: 400, error: { param: 'expires_at', message: 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.' } })
    expect(double.checkoutSessions.size).toBe(0)
  })

  it('an API version Stripe never had: 400 "Invalid Stripe API version", the version echoed in Stripe-Version (https://docs.stripe.com/api/versioning)', async () => {
    const answer = await send('GET', '/v1/customers', {}, { 'stripe-version': '2025-09-30.acacia' })
    expect(answer.status).toBe(400)
    expect(answer.error).toEqual({ type: 'invalid_request_error', message: 'Invalid Stripe API version: 2025-09-30.acacia' })
    expect(answer.headers.get('stripe-version')).toBe('2025-09-30.acacia')
    const pinned = await send('GET', '/v1/customers')
    expect(pinned.status).toBe(200)
    expect(pinned.headers.get('stripe-version')).toBe('2026-10-28.endive')
  })

  it('a URL Stripe does not have: its 404 "Unrecognized request URL"', async () => {
    expect(await send('POST', '/v1/subscriptions/sub_1/teleport')).toMatchObject({
      status: 404,
      error: { type: 'invalid_request_error', message: 'Unrecognized request URL (POST: /v1/subscriptions/sub_1/teleport). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.' },
    })
  })

  it('saves nothing under the idempotency key of a refused request: the corrected request may reuse it', async () => {
    expect((await send('POST', '/v1/customers', { email: 'key@example.com', 'metadata[note]': 'v'.repeat(501) }, { 'idempotency-key': 'door-refusal' })).status).toBe(400)
    const corrected = await send('POST', '/v1/customers', { email: 'key@example.com' }, { 'idempotency-key': 'door-refusal' })
    expect(corrected.status).toBe(200)
    expect(corrected.headers.get('idempotent-replayed')).toBeNull()
  })
})

describe('what Stripe accepts and the sandbox does not model: its own 400, never Stripe’s words, never ignored', () => {
  it('a parameter Stripe has that no handler acts on: sandbox_not_modelled naming it, no doc_url, nothing done', async () => {
    const before = double.customers.size
    const answer = await send('POST', '/v1/customers', { email: 'phone@example.com', phone: '+15555550100' })
    expect(answer.status).toBe(400)
    expect(answer.error).toEqual({
      type: 'invalid_request_error',
      code: 'sandbox_not_modelled',
      message: expect.stringMatching(/^Stripe accepts phone on POST \/v1\/customers, but the Stripe sandbox does not act on it yet.*"Add an endpoint", step 2/),
      param: 'phone',
    })
    expect(double.customers.size).toBe(before)
    const nested = await send('POST', '/v1/checkout/sessions', { mode: 'subscription', 'line_items[0][price]': 'price_x', 'subscription_data[description]': 'Seats' })
    expect(nested).toMatchObject({ status: 400, error: { code: 'sandbox_not_modelled', param: 'subscription_data[description]' } })
  })

  it('an endpoint Stripe serves and no route does: sandbox_not_modelled naming the endpoint and the SDK method', async () => {
    const answer = await send('GET', '/v1/customers/cus_1/tax_ids')
    expect(answer.status).toBe(400)
    expect(answer.error).toEqual({
      type: 'invalid_request_error',
      code: 'sandbox_not_modelled',
      message: expect.stringContaining('Stripe serves GET /v1/customers/:id/tax_ids (stripe.customers.listTaxIds), but the Stripe sandbox does not model it yet'),
    })
  })
})

describe('what Stripe accepts and the sandbox refused', () => {
  it('updates a portal configuration’s sub-feature without `enabled`, keeping it; creating one still requires it (ConfigurationUpdateParams vs ConfigurationCreateParams)', async () => {
    const created = await stripe.billingPortal.configurations.create({ features: { subscription_cancel: { enabled: true, mode: 'immediately' }, invoice_history: { enabled: true } } })
    const updated = await send('POST', `/v1/billing_portal/configurations/${created.id}`, { 'features[subscription_cancel][mode]': 'at_period_end', 'features[invoice_history][enabled]': 'false' })
    expect(updated.status).toBe(200)
    expect(await stripe.billingPortal.configurations.retrieve(created.id)).toMatchObject({
      features: { subscription_cancel: { enabled: true, mode: 'at_period_end' }, invoice_history: { enabled: false } },
    })
    expect(await send('POST', '/v1/billing_portal/configurations', { 'features[subscription_cancel][mode]': 'at_period_end' })).toMatchObject({
      status: 400,
      error: { code: 'parameter_missing', doc_url: 'https://stripe.com/docs/error-codes/parameter-missing', message: 'Missing required param: features[subscription_cancel][enabled].', param: 'features[subscription_cancel][enabled]' },
    })
  })
})
