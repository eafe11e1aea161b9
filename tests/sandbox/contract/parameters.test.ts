// The door's parameter check against real entries of the generated contract, answered through Stripe's error
// envelope: what Stripe refuses at any depth, and what it accepts that the sandbox's hand-written routes refused.
import { describe, expect, it } from 'vitest'
import { checkRequest } from '@/sandbox/stripe/contract/check-request'
import { parseForm } from '@/sandbox/stripe/door/form-encoding'

const NOW = 1_800_000_000
const PINNED = '2026-10-28.endive'

/** The error body Stripe would answer, or null when the request passes the door. */
function answer(method: string, path: string, form: Record<string, string> = {}, apiVersion: string | null = PINNED) {
  const params = parseForm(new URLSearchParams(form).toString())
  return checkRequest({ method, path, params, apiVersion, now: NOW })?.envelope().error ?? null
}

describe('unknown parameters, at every depth', () => {
  it('names an unknown nested parameter by its bracketed path', () => {
    expect(answer('POST', '/v1/invoices/create_preview', { subscription: 'sub_1', 'subscription_details[items][0][id]': 'si_1', 'subscription_details[items][0][bogus]': 'x' })).toEqual({
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
      message: 'Received unknown parameter: subscription_details[items][0][bogus]',
      param: 'subscription_details[items][0][bogus]',
    })
  })

  it('reports an unknown parameter before a bad value elsewhere in the request', () => {
    expect(answer('POST', '/v1/subscriptions/sub_1', { proration_behavior: 'sometimes', 'cancellation_details[mood]': 'sad' })).toMatchObject({
      code: 'parameter_unknown',
      param: 'cancellation_details[mood]',
    })
  })

  it('accepts expand on every endpoint, and only as an array of strings', () => {
    expect(answer('POST', '/v1/subscriptions/sub_1', { 'expand[0]': 'latest_invoice.payments' })).toBeNull()
    expect(answer('POST', '/v1/subscription_schedules/sub_sched_1/release', { 'expand[]': 'subscription' })).toBeNull()
    expect(answer('GET', '/v1/customers/cus_1', { expand: 'subscriptions' })).toMatchObject({ message: 'Invalid array', param: 'expand' })
  })
})

describe('values', () => {
  it('refuses an enum value outside Stripe’s list, in a body and inside an array', () => {
    expect(answer('POST', '/v1/subscriptions/sub_1', { proration_behavior: 'sometimes' })).toEqual({
      type: 'invalid_request_error',
      message: 'Invalid proration_behavior: must be one of always_invoice, create_prorations, or none',
      param: 'proration_behavior',
    })
    expect(
      answer('POST', '/v1/billing_portal/configurations', {
        'features[customer_update][enabled]': 'true',
        'features[customer_update][allowed_updates][0]': 'email',
        'features[customer_update][allowed_updates][1]': 'nope',
      }),
    ).toMatchObject({ param: 'features[customer_update][allowed_updates][1]', message: expect.stringContaining('must be one of address, email, name') })
  })

  it('reads numbers and booleans as Stripe parses form values', () => {
    expect(answer('POST', '/v1/subscriptions/sub_1', { 'items[0][id]': 'si_1', 'items[0][quantity]': '2.5' })).toEqual({
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-invalid-integer',
      message: 'Invalid integer: 2.5',
      param: 'items[0][quantity]',
    })
    expect(answer('POST', '/v1/subscriptions/sub_1', { cancel_at_period_end: 'yes' })).toMatchObject({ message: 'Invalid boolean: yes', param: 'cancel_at_period_end' })
    expect(answer('POST', '/v1/subscriptions/sub_1', { application_fee_percent: '12.5', cancel_at_period_end: 'false' })).toBeNull()
    expect(answer('GET', '/v1/events', { 'created[gte]': 'yesterday' })).toMatchObject({ code: 'parameter_invalid_integer', param: 'created[gte]' })
  })

  it('takes either form of a union, and names both when neither fits', () => {
    expect(answer('POST', '/v1/subscriptions/sub_1', { cancel_at: 'max_period_end' })).toBeNull()
    expect(answer('POST', '/v1/subscriptions/sub_1', { cancel_at: String(NOW + 86_400) })).toBeNull()
    expect(answer('POST', '/v1/subscriptions/sub_1', { cancel_at: 'soon' })).toMatchObject({
      param: 'cancel_at',
      message: 'Invalid cancel_at: must be one of max_billed_until, max_period_end, min_period_end or an integer',
    })
    expect(answer('GET', '/v1/subscriptions', { created: String(NOW) })).toBeNull()
    expect(answer('GET', '/v1/subscriptions', { 'created[lt]': String(NOW) })).toBeNull()
  })

  it('refuses a hash where a string belongs, and a string where a hash or an array belongs', () => {
    expect(answer('POST', '/v1/customers', { 'email[address]': 'a@example.com' })).toMatchObject({ message: 'Invalid string', param: 'email' })
    expect(answer('POST', '/v1/subscriptions/sub_1', { cancellation_details: 'too_expensive' })).toMatchObject({ message: 'Invalid hash', param: 'cancellation_details' })
    expect(answer('POST', '/v1/subscriptions/sub_1', { items: 'si_1' })).toMatchObject({ message: 'Invalid array', param: 'items' })
  })

  it('refuses a missing required parameter, naming its nested path', () => {
    expect(answer('POST', '/v1/billing_portal/configurations', { 'features[invoice_history][enabled]': 'true', 'features[subscription_update][enabled]': 'true', 'features[subscription_update][products][0][product]': 'prod_1' })).toEqual({
      type: 'invalid_request_error',
      code: 'parameter_missing',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-missing',
      message: 'Missing required param: features[subscription_update][products][0][prices].',
      param: 'features[subscription_update][products][0][prices]',
    })
    expect(answer('POST', '/v1/billing_portal/configurations', {})).toMatchObject({ code: 'parameter_missing', param: 'features' })
  })

  it("accepts '' only where the parameter can be unset", () => {
    expect(answer('POST', '/v1/subscriptions/sub_1', { cancel_at: '', 'cancellation_details[comment]': '', metadata: '' })).toBeNull()
    expect(answer('POST', '/v1/subscriptions/sub_1', { proration_behavior: '' })).toEqual({
      type: 'invalid_request_error',
      code: 'parameter_invalid_empty',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-invalid-empty',
      message:
        "You passed an empty string for 'proration_behavior'. We assume empty values are an attempt to unset a parameter; however 'proration_behavior' cannot be unset. You should remove 'proration_behavior' from your request or supply a non-empty value.",
      param: 'proration_behavior',
    })
    expect(answer('POST', '/v1/checkout/sessions', { mode: 'subscription', 'line_items[0][price]': '', 'line_items[0][quantity]': '1' })).toMatchObject({
      code: 'parameter_invalid_empty',
      param: 'line_items[0][price]',
    })
  })
})

describe('what Stripe accepts and the sandbox’s routes refused (each checked against the SDK’s request types)', () => {
  it('releases a schedule keeping its cancel date (SubscriptionScheduleReleaseParams.preserve_cancel_date)', () => {
    expect(answer('POST', '/v1/subscription_schedules/sub_sched_1/release', { preserve_cancel_date: 'true' })).toBeNull()
  })

  it('cancels a schedule with invoice_now and prorate (SubscriptionScheduleCancelParams)', () => {
    expect(answer('POST', '/v1/subscription_schedules/sub_sched_1/cancel', { invoice_now: 'false', prorate: 'false' })).toBeNull()
  })

  it('updates a portal configuration’s cancel mode without enabled; creating one still requires enabled', () => {
    // ConfigurationUpdateParams.Features.SubscriptionCancel has `enabled?`; ConfigurationCreateParams's has `enabled`.
    expect(answer('POST', '/v1/billing_portal/configurations/bpc_1', { 'features[subscription_cancel][mode]': 'at_period_end' })).toBeNull()
    expect(answer('POST', '/v1/billing_portal/configurations', { 'features[subscription_cancel][mode]': 'at_period_end' })).toMatchObject({
      code: 'parameter_missing',
      param: 'features[subscription_cancel][enabled]',
    })
  })
})

describe('the URL', () => {
  it('answers a path Stripe does not have with its 404, and tells a literal segment from an id', () => {
    expect(answer('POST', '/v1/subscriptions/sub_1/teleport')).toMatchObject({ message: expect.stringContaining('Unrecognized request URL (POST: /v1/subscriptions/sub_1/teleport)') })
    expect(answer('GET', '/v1/subscriptions/search', { query: "status:'active'" })).toBeNull()
    expect(answer('POST', '/v1/invoices/create_preview', { customer: 'cus_1' })).toBeNull()
  })
})
