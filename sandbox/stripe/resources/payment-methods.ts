// Card payment methods, as far as subscriptions need them: a test card attached to a customer becomes the customer's
// own payment method, the one Stripe charges (https://docs.stripe.com/api/payment_methods), listed, retrieved and
// detached; and what a charge on one answers. Creating a payment method from raw card details
// (`POST /v1/payment_methods`), updating one, and SetupIntents are not modelled.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { previousAttributes } from '../core/events'
import { toWire } from '../core/wire'
import { ApiError, invalid, noSuch } from '../door/errors'
import { listOf, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { Params } from '../door/form-encoding'
import type { ApiRoute } from '../door/router'
import { requireCustomer, setDefaultPaymentMethod } from './customers'
import { TEST_CARDS, testCardOf, type CardAnswer, type PaymentError, type TestCard } from './test-cards'

/** How one charge went, and with which payment method. */
export type ChargeResult =
  | { status: 'succeeded'; paymentMethod: string | null }
  | { status: 'requires_payment_method'; paymentMethod: string | null; error: PaymentError; retryable: boolean }
  | { status: 'requires_action'; paymentMethod: string | null }

/**
 * Makes the customer's own payment method from a test card and attaches it: `payment_method.attached`. Stripe makes
 * a new `pm_` each time a test PaymentMethod is used, so the customer's card has an id of its own.
 */
export function attachTestCard(core: Core, customer: Stripe.Customer, token: string, card: TestCard): Stripe.PaymentMethod {
  const method: Stripe.PaymentMethod = {
    id: newId('pm_'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date(core.now() * 1000).getUTCFullYear() + 3,
      fingerprint: `sandbox${token}`.slice(0, 16),
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: core.now(),
    customer: customer.id,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  }
  core.paymentMethods.set(method.id, method)
  core.emit('payment_method.attached', method)
  return method
}

/** A test card by the id a request names; anything else is no test card the sandbox knows. */
export function requireTestCard(token: string, param?: string): TestCard {
  const card = TEST_CARDS[token]
  if (!card) throw noSuch('PaymentMethod', token, param)
  return card
}

/** A card error as Stripe answers it over HTTP: 402 with the decline's code and decline code. */
export function cardError(error: PaymentError): ApiError {
  return new ApiError(402, 'card_error', error.message ?? 'Your card was declined.', error.code, undefined, error.decline_code)
}

/**
 * POST /v1/payment_methods/:id/attach (https://docs.stripe.com/api/payment_methods/attach). A test card is checked
 * as it attaches: the declining ones answer their decline, as "the cards in the previous table can't be attached to
 * a Customer object" (https://docs.stripe.com/testing#declined-payments). A payment method already attached, or
 * detached once, cannot be attached again: "Detachment is permanent and irreversible" (the SDK's `detach`).
 */
function attach(core: Core, id: string, params: Params): Stripe.PaymentMethod {
  const customer = requireCustomer(core, read.requiredString(params, 'customer'), 'customer')
  const stored = core.paymentMethods.get(id)
  if (stored) {
    if (stored.customer === null) {
      throw invalid('The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.')
    }
    throw invalid('The payment method you provided has already been attached to a customer.')
  }
  const card = requireTestCard(id)
  if (card.attach.kind === 'declined') throw cardError(card.attach.error)
  return attachTestCard(core, customer, id, card)
}

/**
 * POST /v1/payment_methods/:id/detach: the payment method no longer belongs to the customer (`customer: null`,
 * `payment_method.detached`). A detached card that was the customer's default for invoices is that no longer.
 */
export function detach(core: Core, method: Stripe.PaymentMethod): Stripe.PaymentMethod {
  const customerId = typeof method.customer === 'string' ? method.customer : method.customer?.id
  if (!customerId) throw invalid(`The payment method ${method.id} is not attached to a customer, so it cannot be detached.`)
  const before = toWire(method)
  method.customer = null
  core.emit('payment_method.detached', method, previousAttributes(before, method))
  const customer = core.customers.get(customerId)
  if (customer?.invoice_settings.default_payment_method === method.id) setDefaultPaymentMethod(core, customer, null)
  return method
}

export function requirePaymentMethod(core: Core, id: string): Stripe.PaymentMethod {
  const method = core.paymentMethods.get(id)
  if (!method) throw noSuch('PaymentMethod', id)
  return method
}

/** A payment method still attached to the customer, by id, or undefined. */
function attachedTo(core: Core, customerId: string, id: string | { id: string } | null | undefined): Stripe.PaymentMethod | undefined {
  const methodId = typeof id === 'string' ? id : id?.id
  const method = methodId ? core.paymentMethods.get(methodId) : undefined
  return method && method.customer === customerId ? method : undefined
}

/**
 * The payment method a subscription's invoices are charged with: "Stripe uses the first available payment method in
 * this list": the subscription's `default_payment_method`, then the customer's
 * `invoice_settings.default_payment_method` (https://docs.stripe.com/billing/revenue-recovery/smart-retries#payment-method-ordering;
 * sources are not modelled). A detached one is not available. `subscriptionDefault`: the subscription's default as
 * a change about to be made sets it.
 */
export function paymentMethodFor(
  core: Core,
  subscription: Stripe.Subscription,
  subscriptionDefault: Stripe.Subscription['default_payment_method'] = subscription.default_payment_method,
): Stripe.PaymentMethod | undefined {
  const customerId = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
  const customer = core.customers.get(customerId)
  return attachedTo(core, customerId, subscriptionDefault) ?? attachedTo(core, customerId, customer?.invoice_settings.default_payment_method)
}

/** Stripe's words when a charge finds no payment method, e.g. a subscription created for such a customer. */
export const NO_PAYMENT_METHOD = 'This customer has no attached payment source or default payment method. Please consider adding a default payment method.'

/** What charging `method` answers; "Stripe doesn't retry payments if no payment methods are available". */
export function charge(method: Stripe.PaymentMethod | undefined, presence: 'on_session' | 'off_session'): ChargeResult {
  if (!method) return { status: 'requires_payment_method', paymentMethod: null, error: { type: 'invalid_request_error', message: NO_PAYMENT_METHOD }, retryable: false }
  const card = testCardOf(method)
  const answer: CardAnswer = card ? (presence === 'on_session' ? card.onSession : card.offSession) : { kind: 'succeeds' }
  return resultOf(answer, method.id)
}

/** A charge whose answer was chosen rather than asked of a card (the simulations, `startRenewal({ payment })`). */
export function resultOf(answer: CardAnswer, paymentMethod: string | null): ChargeResult {
  if (answer.kind === 'succeeds') return { status: 'succeeded', paymentMethod }
  if (answer.kind === 'requires_action') return { status: 'requires_action', paymentMethod }
  return { status: 'requires_payment_method', paymentMethod, error: answer.error, retryable: true }
}

function listFor(core: Core, customerId: string, params: Params, url: string): Stripe.ApiList<Stripe.PaymentMethod> {
  requireCustomer(core, customerId, url.startsWith('/v1/payment_methods') ? 'customer' : undefined)
  const type = read.optionalString(params, 'type')
  const methods = [...core.paymentMethods.values()].reverse().filter((method) => method.customer === customerId && (type === undefined || method.type === type))
  return listOf(methods, params, url)
}

export const paymentMethodRoutes: ApiRoute[] = [
  { method: 'POST', path: '/v1/payment_methods/:id/attach', params: ['customer'], handle: ({ core, params, args: [id = ''] }) => attach(core, id, params) },
  { method: 'POST', path: '/v1/payment_methods/:id/detach', params: [], handle: ({ core, args: [id = ''] }) => detach(core, requirePaymentMethod(core, id)) },
  { method: 'GET', path: '/v1/payment_methods/:id', params: [], handle: ({ core, args: [id = ''] }) => requirePaymentMethod(core, id) },
  {
    method: 'GET',
    path: '/v1/payment_methods',
    // "The ID of the customer whose PaymentMethods will be retrieved": the sandbox lists a customer's only.
    params: ['customer', 'type', ...PAGINATION],
    handle: ({ core, params }) => listFor(core, read.requiredString(params, 'customer'), params, '/v1/payment_methods'),
  },
  {
    method: 'GET',
    path: '/v1/customers/:id/payment_methods',
    params: ['type', ...PAGINATION],
    handle: ({ core, params, args: [id = ''] }) => listFor(core, id, params, `/v1/customers/${id}/payment_methods`),
  },
  {
    method: 'GET',
    path: '/v1/customers/:customer_id/payment_methods/:id',
    params: [],
    handle: ({ core, args: [customerId = '', id = ''] }) => {
      const method = core.paymentMethods.get(id)
      if (!method || method.customer !== customerId) throw noSuch('PaymentMethod', id)
      return method
    },
  },
]
