import type Stripe from 'stripe'
import type { Core, LineItemRef } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import { valueNotModelled } from '../door/not-modelled'
import type { ApiRoute } from '../door/router'
import { days } from '../core/time'
import { toWire } from '../core/wire'
import { registerWork, schedule, unschedule } from '../core/scheduled-work'
import { requireCustomer } from './customers'
import { readPaymentIntentData, readPaymentLineItems } from './checkout-payment-mode'
import { requireSubscribablePrice } from './subscription-changes'

export const EXPIRE_SESSION = 'expire-checkout-session'

function create(core: Core, params: Params): Stripe.Checkout.Session {
  const mode = read.requiredString(params, 'mode')
  if (mode !== 'subscription' && mode !== 'payment') throw valueNotModelled('The Stripe sandbox models `mode=subscription` and `mode=payment` only.', 'mode')
  // Each mode's own parameters: `subscription_data` is for subscription mode, `payment_intent_data` and
  // `customer_creation` for payment mode (the pinned SDK's `SessionCreateParams`, "Can only be set in `payment` and `setup` mode").
  if (mode === 'payment' && params.subscription_data !== undefined) throw invalid('You can not pass `subscription_data` in `payment` mode.', 'subscription_data')
  if (mode === 'subscription' && params.payment_intent_data !== undefined) throw invalid('You can not pass `payment_intent_data` in `subscription` mode.', 'payment_intent_data')
  if (mode === 'subscription' && params.customer_creation !== undefined) throw invalid('You can not pass `customer_creation` in `subscription` mode.', 'customer_creation')
  const lineItems = mode === 'payment' ? readPaymentLineItems(core, params) : readLineItems(core, params)
  const customerCreation = read.oneOf(params, 'customer_creation', ['always', 'if_required'] as const)
  const customerId = read.optionalString(params, 'customer')
  const customerEmail = read.optionalString(params, 'customer_email')
  if (customerId && customerEmail) throw invalid('You may only specify one of these parameters: customer, customer_email.', 'customer_email')
  if (customerId) requireCustomer(core, customerId, 'customer')
  const successUrl = readUrl(params, 'success_url')
  const cancelUrl = readUrl(params, 'cancel_url')
  const clientReferenceId = read.optionalString(params, 'client_reference_id') ?? null
  if (clientReferenceId && clientReferenceId.length > 200) throw invalid('client_reference_id must be at most 200 characters.', 'client_reference_id')
  const subscriptionData = read.optionalObject(params, 'subscription_data') ?? {}
  const trialDays = read.optionalInteger(subscriptionData, 'trial_period_days', 'subscription_data[trial_period_days]') ?? null
  if (trialDays !== null && (trialDays < 1 || trialDays > 730)) {
    throw invalid('subscription_data[trial_period_days] must be between 1 and 730.', 'subscription_data[trial_period_days]')
  }
  const now = core.now()
  const id = newId('cs_test_a1', 56)
  // Metered prices are billed in arrears: nothing of theirs is due at Checkout.
  const amount = lineItems.reduce((sum, item) => sum + (core.prices.get(item.price)?.unit_amount ?? 0) * (item.quantity ?? 0), 0)
  const session: Stripe.Checkout.Session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: read.optionalBoolean(params, 'allow_promotion_codes') ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: trialDays ? 0 : amount,
    amount_total: trialDays ? 0 : amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: cancelUrl,
    client_reference_id: clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: core.prices.get(lineItems[0]?.price ?? '')?.currency ?? null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: customerId ?? null,
    customer_account: null,
    // Payment mode creates a Customer only "if_required" unless asked (`customer_creation`); subscriptions always need one.
    customer_creation: customerId ? null : mode === 'payment' ? (customerCreation ?? 'if_required') : 'always',
    customer_details: null,
    customer_email: customerEmail ?? null,
    discounts: [],
    // 24 hours unless the caller chose (https://docs.stripe.com/payments/checkout/managing-limited-inventory); the
    // window Stripe allows for a chosen time is the contract's check, at the door.
    expires_at: read.optionalInteger(params, 'expires_at') ?? now + days(1),
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: read.applyMetadata({}, params),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: `${core.baseUrl}/checkout/${id}`,
    wallet_options: null,
  }
  core.checkoutSessions.set(id, session)
  core.sessionLineItems.set(id, lineItems)
  const metadata = read.applyMetadata({}, subscriptionData, 'metadata')
  if (mode === 'subscription') core.sessionSubscriptionData.set(id, { trialDays, metadata })
  else core.sessionPaymentIntentData.set(id, readPaymentIntentData(params))
  schedule(core, { at: session.expires_at, kind: EXPIRE_SESSION, subject: id })
  return session
}

/**
 * Open → expired, by the API or when `expires_at` passes: "When a Checkout Session expires, its status property
 * changes to expired" and Stripe sends checkout.session.expired
 * (https://docs.stripe.com/payments/checkout/managing-limited-inventory); `url` "is only present when the session is
 * active". A customer can no longer complete it (https://docs.stripe.com/api/checkout/sessions/expire).
 */
export function expireSession(core: Core, session: Stripe.Checkout.Session): Stripe.Checkout.Session {
  if (session.status !== 'open') throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`)
  session.status = 'expired'
  session.url = null
  unschedule(core, EXPIRE_SESSION, session.id)
  core.emit('checkout.session.expired', session)
  return session
}

/** A session that completed will not expire: its scheduled expiry goes. */
export function dropSessionExpiry(core: Core, sessionId: string): void {
  unschedule(core, EXPIRE_SESSION, sessionId)
}

export function registerCheckoutExpiry(core: Core): void {
  registerWork(core, EXPIRE_SESSION, (c, work) => {
    const session = c.checkoutSessions.get(work.subject)
    if (session?.status === 'open') expireSession(c, session)
  })
}

/**
 * "For subscription mode, there is a maximum of 20 line items with recurring Prices" (the pinned SDK's
 * `SessionCreateParams.line_items`); a metered price's line has no quantity ("Quantity should not be defined when
 * recurring.usage_type=metered", `line_items[].quantity`), a licensed one defaults to 1. A subscription cannot hold
 * the same price twice (https://docs.stripe.com/billing/subscriptions/multiple-products), and its items share a
 * currency. Prices of different intervals may share a subscription in flexible billing mode
 * (https://docs.stripe.com/billing/subscriptions/mixed-interval); the sandbox does not model it and says so.
 */
function readLineItems(core: Core, params: Params): LineItemRef[] {
  const entries = read.optionalArray(params, 'line_items') ?? []
  if (entries.length === 0) throw invalid('Missing required param: line_items.', 'line_items', 'parameter_missing')
  if (entries.length > 20) throw invalid('Subscription mode Checkout Sessions accept at most 20 line items with recurring prices.', 'line_items')
  const seen: Stripe.Price[] = []
  return entries.map((entry, index) => {
    const fields = read.optionalObject({ entry }, 'entry', `line_items[${index}]`) ?? {}
    const param = `line_items[${index}][price]`
    const price = requireSubscribablePrice(core, read.requiredString(fields, 'price', param), param)
    const quantityParam = `line_items[${index}][quantity]`
    const given = read.optionalInteger(fields, 'quantity', quantityParam)
    const metered = price.recurring?.usage_type === 'metered'
    if (metered && given !== undefined) throw invalid('Quantity should not be defined when `recurring.usage_type=metered`.', quantityParam)
    const quantity = metered ? null : (given ?? 1)
    if (quantity !== null && quantity < 1) throw invalid('Quantity must be at least 1.', quantityParam)
    const first = seen[0]
    if (seen.some((other) => other.id === price.id)) throw invalid(`The price ${price.id} is already on another line item; a subscription cannot have the same price twice.`, param)
    if (first && first.currency !== price.currency) throw invalid(`All prices on a subscription must have the same currency: ${price.id} is in ${price.currency}, ${first.id} in ${first.currency}.`, param)
    if (!metered && seen.some((other) => other.recurring?.usage_type !== 'metered')) {
      throw valueNotModelled('The Stripe sandbox models one licensed price per subscription, beside any number of metered prices.', param)
    }
    if (first && (first.recurring?.interval !== price.recurring?.interval || first.recurring?.interval_count !== price.recurring?.interval_count)) {
      throw valueNotModelled('The Stripe sandbox models subscriptions whose prices share one billing interval.', param)
    }
    seen.push(price)
    return { id: newId('li_'), price: price.id, quantity }
  })
}

function readUrl(params: Params, key: string): string | null {
  const value = read.optionalString(params, key)
  if (value === undefined) return null
  if (!URL.canParse(value)) throw invalid('Not a valid URL', key, 'url_invalid')
  return value
}

export function requireSession(core: Core, id: string): Stripe.Checkout.Session {
  const session = core.checkoutSessions.get(id)
  if (!session) throw noSuch('checkout.session', id)
  return session
}

export function lineItems(core: Core, sessionId: string): Stripe.ApiList<Stripe.LineItem> {
  const data = (core.sessionLineItems.get(sessionId) ?? []).flatMap((ref): Stripe.LineItem[] => {
    const price = core.prices.get(ref.price)
    if (!price) return []
    const amount = (price.unit_amount ?? 0) * (ref.quantity ?? 0)
    const product = core.products.get(typeof price.product === 'string' ? price.product : price.product.id)
    const line: Stripe.LineItem = {
      id: ref.id,
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: product?.name ?? null,
      metadata: {},
      price: toWire(price),
      quantity: ref.quantity,
    }
    return [line]
  })
  return { object: 'list', data, has_more: false, url: `/v1/checkout/sessions/${sessionId}/line_items` }
}

export function registerCheckoutFields(core: Core): void {
  core.virtualFields.set('checkout.session.line_items', (owner) => lineItems(core, String(owner.id)))
}

export const checkoutRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/checkout/sessions',
    params: [
      'mode',
      'line_items[][price]',
      'line_items[][quantity]',
      'customer',
      'customer_email',
      'success_url',
      'cancel_url',
      'client_reference_id',
      'subscription_data[trial_period_days]',
      'subscription_data[metadata]',
      'line_items[][price_data][currency]',
      'line_items[][price_data][unit_amount]',
      'line_items[][price_data][unit_amount_decimal]',
      'line_items[][price_data][product]',
      'line_items[][price_data][product_data][name]',
      'line_items[][price_data][product_data][description]',
      'line_items[][price_data][product_data][metadata]',
      'payment_intent_data[metadata]',
      'payment_intent_data[description]',
      'customer_creation',
      'allow_promotion_codes',
      'expires_at',
      'metadata',
    ],
    handle: ({ core, params }) => create(core, params),
  },
  { method: 'GET', path: '/v1/checkout/sessions/:id', params: [], handle: ({ core, args: [id = ''] }) => requireSession(core, id) },
  { method: 'GET', path: '/v1/checkout/sessions/:id/line_items', params: [], handle: ({ core, args: [id = ''] }) => lineItems(core, requireSession(core, id).id) },
  {
    method: 'POST',
    path: '/v1/checkout/sessions/:id/expire',
    params: [],
    handle: ({ core, args: [id = ''] }) => expireSession(core, requireSession(core, id)),
  },
  {
    method: 'GET',
    path: '/v1/checkout/sessions',
    params: ['customer', 'subscription', 'status', ...PAGINATION],
    handle: ({ core, params }) => {
      const customer = read.optionalString(params, 'customer')
      const subscription = read.optionalString(params, 'subscription')
      const status = read.optionalString(params, 'status')
      const matches = newestFirst(core.checkoutSessions).filter(
        (session) =>
          (customer === undefined || session.customer === customer) &&
          (subscription === undefined || session.subscription === subscription) &&
          (status === undefined || session.status === status),
      )
      return listOf(matches, params, '/v1/checkout/sessions')
    },
  },
]
