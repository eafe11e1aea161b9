// `POST /v1/invoices/create_preview` for a change to an existing subscription: the invoice the change would create
// now, or, when it bills nothing now, the next renewal at the new price
// (https://docs.stripe.com/api/invoices/create_preview). It shares billingForChange with the update, so a preview
// and the update sent with the same proration_date agree to the cent.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { ApiError, invalid } from '../door/errors'
import { isParams, type Params } from '../door/form-encoding'
import * as read from '../door/params'
import { valueNotModelled } from '../door/not-modelled'
import type { ApiRoute } from '../door/router'
import { createInvoice } from './invoices'
import { billingForChange, nextRenewalLine, PRORATION_BEHAVIORS, readProrationDate, type PriceChange } from './prorations'
import { requireSubscribablePrice } from './subscription-changes'
import { isLive, itemOf, requireSubscription } from './subscriptions'

function readDetails(core: Core, subscription: Stripe.Subscription, params: Params): PriceChange {
  const details = read.optionalObject(params, 'subscription_details') ?? {}
  const item = itemOf(subscription)
  const items = read.optionalArray(details, 'items', 'subscription_details[items]') ?? []
  if (items.length > 1) throw valueNotModelled('The Stripe sandbox models single-item subscriptions only.', 'subscription_details[items]')
  const entry = items[0]
  const fields = entry === undefined ? {} : isParams(entry) ? entry : {}
  const itemId = read.optionalString(fields, 'id', 'subscription_details[items][0][id]')
  if (entry !== undefined && itemId !== item.id) {
    throw invalid(`No such subscription item: '${itemId ?? ''}'`, 'subscription_details[items][0][id]', 'resource_missing')
  }
  const priceId = read.optionalString(fields, 'price', 'subscription_details[items][0][price]')
  const price = priceId ? requireSubscribablePrice(core, priceId, 'subscription_details[items][0][price]', subscription.currency) : item.price
  const quantity = read.optionalInteger(fields, 'quantity', 'subscription_details[items][0][quantity]') ?? item.quantity ?? 1
  if (quantity < 1) throw invalid('Quantity must be at least 1.', 'subscription_details[items][0][quantity]')
  const prorationDate = readProrationDate(core, item, read.optionalInteger(details, 'proration_date', 'subscription_details[proration_date]'), 'subscription_details[proration_date]')
  return { price, quantity, prorationDate, prorationBehavior: read.oneOf(details, 'proration_behavior', PRORATION_BEHAVIORS, 'subscription_details[proration_behavior]') }
}

export const invoicePreviewRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/invoices/create_preview',
    // The door refuses every other field of subscription_details as not modelled (door/modelled-params.ts).
    params: [
      'customer',
      'subscription',
      'subscription_details[items][][id]',
      'subscription_details[items][][price]',
      'subscription_details[items][][quantity]',
      'subscription_details[proration_behavior]',
      'subscription_details[proration_date]',
    ],
    handle: ({ core, params }) => {
      const subscriptionId = read.optionalString(params, 'subscription')
      // Previews of new subscriptions (customer + subscription_details without a subscription) are not modelled.
      if (!subscriptionId) throw valueNotModelled('The Stripe sandbox previews changes to an existing subscription only: pass `subscription`.', 'subscription')
      const subscription = requireSubscription(core, subscriptionId)
      const customer = read.optionalString(params, 'customer')
      if (customer !== undefined && customer !== subscription.customer) {
        throw invalid(`The subscription ${subscription.id} does not belong to the customer ${customer}.`, 'customer')
      }
      if (!isLive(subscription)) throw new ApiError(400, 'invalid_request_error', `No upcoming invoices for a canceled subscription: ${subscription.id}`, 'invoice_upcoming_none')
      const item = itemOf(subscription)
      const change = readDetails(core, subscription, params)
      const billing = billingForChange(core, subscription, item, change, core.now())
      if (billing.invoiceNow) return createInvoice(core, subscription, 'subscription_update', billing.invoiceNow, { preview: true })
      return createInvoice(core, subscription, 'upcoming', nextRenewalLine(item, change, billing), { preview: true })
    },
  },
]
