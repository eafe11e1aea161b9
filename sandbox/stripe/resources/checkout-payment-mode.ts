// Checkout in `mode=payment`: a one-time payment for one-time prices, paid through a PaymentIntent
// (https://docs.stripe.com/payments/checkout/how-checkout-works, https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-mode).
import type Stripe from 'stripe'
import type { Core, LineItemRef } from '../core/core'
import { invalid } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import * as read from '../door/params'
import { valueNotModelled } from '../door/not-modelled'
import { readAmounts } from './price-amounts'
import { requirePrice } from './prices'
import { createProduct, requireProduct } from './products'

/**
 * "For `payment` mode, there is a maximum of 100 line items" (the pinned SDK's `SessionCreateParams.line_items`).
 * Each line names a one-time `price` or gives `price_data` ("One of `price` or `price_data` is required"), which
 * makes a new Price inline (https://docs.stripe.com/products-prices/how-products-and-prices-work#inline-pricing). A
 * recurring price needs subscription mode ("Pass `subscription` if the Checkout Session includes at least one
 * recurring item", `SessionCreateParams.mode`). One-time line items share the session's currency.
 */
export function readPaymentLineItems(core: Core, params: Params): LineItemRef[] {
  const entries = read.optionalArray(params, 'line_items') ?? []
  if (entries.length === 0) throw invalid('Missing required param: line_items.', 'line_items', 'parameter_missing')
  if (entries.length > 100) throw invalid('Payment mode Checkout Sessions accept at most 100 line items.', 'line_items')
  let currency: string | null = null
  return entries.map((entry, index) => {
    const fields = read.optionalObject({ entry }, 'entry', `line_items[${index}]`) ?? {}
    const param = `line_items[${index}]`
    const price = linePrice(core, fields, param)
    if (price.recurring) {
      throw invalid('You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', `${param}[price]`)
    }
    if (currency !== null && price.currency !== currency) throw invalid(`All line items must use the same currency: ${price.currency} is not ${currency}.`, `${param}[price]`)
    currency = price.currency
    const quantity = read.optionalInteger(fields, 'quantity', `${param}[quantity]`)
    if (quantity === undefined) throw invalid(`Missing required param: ${param}[quantity].`, `${param}[quantity]`, 'parameter_missing')
    if (quantity < 1) throw invalid('Quantity must be at least 1.', `${param}[quantity]`)
    return { id: newId('li_'), price: price.id, quantity }
  })
}

function linePrice(core: Core, fields: Params, param: string): Stripe.Price {
  const id = read.optionalString(fields, 'price', `${param}[price]`)
  const data = read.optionalObject(fields, 'price_data', `${param}[price_data]`)
  if (id && data) throw invalid('You may only specify one of these parameters: price, price_data.', `${param}[price_data]`)
  if (id) return requirePrice(core, id, `${param}[price]`)
  if (!data) throw invalid(`Missing required param: ${param}[price]. One of \`price\` or \`price_data\` is required.`, `${param}[price]`, 'parameter_missing')
  const at = (key: string) => `${param}[price_data][${key}]`
  if (read.optionalObject(data, 'recurring', at('recurring'))) {
    throw invalid('You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', at('recurring'))
  }
  if (data.tax_behavior !== undefined) throw valueNotModelled('The Stripe sandbox does not model `tax_behavior` on Checkout line items.', at('tax_behavior'))
  const currency = read.requiredString(data, 'currency', at('currency')).toLowerCase()
  const productId = read.optionalString(data, 'product', at('product'))
  const productData = read.optionalObject(data, 'product_data', at('product_data'))
  if (!productId && !productData) throw invalid(`You must specify either \`product\` or \`product_data\` in ${param}[price_data].`, at('product'), 'parameter_missing')
  const product = productId ? requireProduct(core, productId, at('product')) : createProduct(core, productData ?? {}, (key) => at(`product_data][${key}`))
  const price: Stripe.Price = {
    id: newId('price_'),
    object: 'price',
    // An inline price is for this line item only: it cannot be reused or listed as an active price.
    active: false,
    created: core.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: product.id,
    recurring: null,
    tax_behavior: 'unspecified',
    type: 'one_time',
    ...readAmounts(data),
  }
  core.prices.set(price.id, price)
  return price
}

/**
 * `payment_intent_data` is "a subset of parameters to be passed to PaymentIntent creation for Checkout Sessions in
 * `payment` mode": its `metadata` and `description` go on the PaymentIntent the session creates.
 */
export function readPaymentIntentData(params: Params): { metadata: Stripe.Metadata; description: string | null } {
  const data = read.optionalObject(params, 'payment_intent_data') ?? {}
  return { metadata: read.applyMetadata({}, data, 'metadata'), description: read.optionalString(data, 'description', 'payment_intent_data[description]') ?? null }
}
