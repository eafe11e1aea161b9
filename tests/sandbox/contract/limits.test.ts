// Stripe's documented limits that the SDK's types cannot say, and the Stripe-Version header, at the door.
import { describe, expect, it } from 'vitest'
import { checkRequest } from '@/sandbox/stripe/contract/check-request'
import { parseForm } from '@/sandbox/stripe/door/form-encoding'

const NOW = 1_800_000_000
const PINNED = '2026-10-28.endive'

function answer(method: string, path: string, form: Record<string, string> | [string, string][] = {}, apiVersion: string | null = PINNED) {
  const params = parseForm(new URLSearchParams(form).toString())
  return checkRequest({ method, path, params, apiVersion, now: NOW })?.envelope().error ?? null
}

const list = (key: string, count: number): [string, string][] => Array.from({ length: count }, (_, index) => [`${key}[]`, `value_${index}`])

describe('GET /v1/events', () => {
  it('takes up to 20 types and refuses 21', () => {
    expect(answer('GET', '/v1/events', list('types', 20))).toBeNull()
    expect(answer('GET', '/v1/events', list('types', 21))).toEqual({
      type: 'invalid_request_error',
      message: 'Invalid types: must contain at most 20 elements, but it has 21.',
      param: 'types',
    })
  })

  it('refuses type together with types, and takes a wildcard type alone', () => {
    expect(answer('GET', '/v1/events', [['type', 'invoice.paid'], ...list('types', 1)])).toEqual({
      type: 'invalid_request_error',
      code: 'parameters_exclusive',
      doc_url: 'https://stripe.com/docs/error-codes/parameters-exclusive',
      message: 'You may only specify one of these parameters: type, types.',
      param: 'type',
    })
    expect(answer('GET', '/v1/events', { type: 'customer.subscription.*' })).toBeNull()
  })
})

describe('lists', () => {
  it('takes up to 10 lookup_keys on GET /v1/prices and refuses 11', () => {
    expect(answer('GET', '/v1/prices', list('lookup_keys', 10))).toBeNull()
    expect(answer('GET', '/v1/prices', list('lookup_keys', 11))).toMatchObject({ param: 'lookup_keys', message: expect.stringContaining('at most 10') })
  })

  it('takes a limit from 1 to 100 on every list', () => {
    expect(answer('GET', '/v1/customers', { limit: '100' })).toBeNull()
    expect(answer('GET', '/v1/invoices', { limit: '101' })).toMatchObject({ code: 'parameter_invalid_integer', param: 'limit' })
    expect(answer('GET', '/v1/subscriptions/search', { query: "status:'active'", limit: '0' })).toMatchObject({ param: 'limit' })
  })
})

describe('array sizes the docs state', () => {
  const items = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`items[${index}][price]`, `price_${index}`]))

  it('a subscription and a preview take up to 20 items', () => {
    expect(answer('POST', '/v1/subscriptions/sub_1', items(20))).toBeNull()
    expect(answer('POST', '/v1/subscriptions/sub_1', items(21))).toMatchObject({ param: 'items' })
    const preview = Object.fromEntries(Object.entries(items(21)).map(([key, value]) => [key.replace(/^items/, 'subscription_details[items]'), value]))
    expect(answer('POST', '/v1/invoices/create_preview', { subscription: 'sub_1', ...preview })).toMatchObject({ param: 'subscription_details[items]' })
  })

  it('a portal configuration lists up to 10 products for plan changes', () => {
    const products = (count: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, index) => [
          [`features[subscription_update][products][${index}][product]`, `prod_${index}`],
          [`features[subscription_update][products][${index}][prices][0]`, `price_${index}`],
        ]).flat(),
      )
    expect(answer('POST', '/v1/billing_portal/configurations/bpc_1', products(10))).toBeNull()
    expect(answer('POST', '/v1/billing_portal/configurations/bpc_1', products(11))).toMatchObject({ param: 'features[subscription_update][products]' })
  })

  it('a Checkout Session in payment mode takes up to 100 line items', () => {
    const lines = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`line_items[${index}][price]`, `price_${index}`]))
    expect(answer('POST', '/v1/checkout/sessions', { mode: 'payment', ...lines })).toMatchObject({ param: 'line_items' })
  })
})

describe('metadata', () => {
  const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`metadata[key_${index}]`, 'v']))

  it('takes 50 keys, 40-character keys and 500-character values, and refuses one more of each', () => {
    expect(answer('POST', '/v1/customers/cus_1', { ...keys(50), [`metadata[${'k'.repeat(40)}]`]: '' })).toBeNull()
    expect(answer('POST', '/v1/customers/cus_1', keys(51))).toEqual({
      type: 'invalid_request_error',
      message: "Metadata can have up to 50 keys, but you've set 51. Email us at support+metadata@stripe.com for more information.",
      param: 'metadata',
    })
    expect(answer('POST', '/v1/customers/cus_1', { [`metadata[${'k'.repeat(41)}]`]: 'v' })).toMatchObject({ message: `Invalid key: ${'k'.repeat(41)} must be a string under 40 characters` })
    expect(answer('POST', '/v1/customers/cus_1', { 'metadata[note]': 'v'.repeat(500) })).toBeNull()
    expect(answer('POST', '/v1/customers/cus_1', { 'metadata[note]': 'v'.repeat(501) })).toMatchObject({ param: 'metadata', message: expect.stringContaining('must be a string under 500 characters') })
  })

  it('checks nested metadata too, and refuses brackets in keys and nested values', () => {
    expect(answer('POST', '/v1/checkout/sessions', { mode: 'subscription', [`subscription_data[metadata][${'k'.repeat(41)}]`]: 'v' })).toMatchObject({ param: 'subscription_data[metadata]' })
    expect(answer('POST', '/v1/customers/cus_1', { 'metadata[a[b]]': 'v' })).toMatchObject({ message: expect.stringContaining('square brackets') })
    expect(answer('POST', '/v1/customers/cus_1', { 'metadata[a][b]': 'v' })).toMatchObject({ message: 'Invalid val: {"b":"v"} must be a string under 500 characters' })
  })
})

describe('Checkout’s expires_at', () => {
  it('takes 30 minutes to 24 hours after now, and refuses either side', () => {
    const at = (seconds: number) => answer('POST', '/v1/checkout/sessions', { mode: 'subscription', expires_at: String(NOW + seconds) })
    expect(at(30 * 60)).toBeNull()
    expect(at(24 * 3600)).toBeNull()
    expect(at(29 * 60)).toEqual({
      type: 'invalid_request_error',
      message: 'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      param: 'expires_at',
    })
    expect(at(24 * 3600 + 1)).toMatchObject({ message: 'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.' })
  })
})

describe('the Stripe-Version header', () => {
  it('takes the pinned version, any version Stripe has, and no header; refuses one Stripe never had', () => {
    expect(answer('GET', '/v1/customers', {}, PINNED)).toBeNull()
    expect(answer('GET', '/v1/customers', {}, '2024-06-20')).toBeNull()
    expect(answer('GET', '/v1/customers', {}, null)).toBeNull()
    expect(answer('GET', '/v1/customers', {}, '2025-09-30.acacia')).toEqual({ type: 'invalid_request_error', message: 'Invalid Stripe API version: 2025-09-30.acacia' })
    expect(answer('GET', '/v1/customers', {}, '2026-10-28')).toMatchObject({ message: 'Invalid Stripe API version: 2026-10-28' })
  })
})
