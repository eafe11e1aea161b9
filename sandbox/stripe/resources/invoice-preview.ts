// `POST /v1/invoices/create_preview` for a change to an existing subscription
// (https://docs.stripe.com/api/invoices/create_preview). It shares billingForChange with the update, so a preview and
// the update sent with the same proration_date agree to the cent. What it answers:
// - a change Stripe invoices at once (`always_invoice` with prorations, a new interval): that invoice;
// - otherwise "the upcoming invoice": the subscription's pending invoice items, the change's prorations (pending
//   too under `create_prorations`, the default) and the next period at the new price and quantity — which is also
//   what a trial's end bills, and what `none` or no change at all shows.
// Every preview says `billing_reason: upcoming` ("Reserved for upcoming invoices created through the Create Preview
// Invoice API", the pinned SDK's Invoice type), whichever of the two it is: an app tells them apart by the lines.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { ApiError, invalid } from '../door/errors'
import { isParams, type Params } from '../door/form-encoding'
import * as read from '../door/params'
import { valueNotModelled } from '../door/not-modelled'
import type { ApiRoute } from '../door/router'
import { pendingItemLines } from './invoice-items'
import { createInvoice } from './invoices'
import { billingForChange, nextRenewalLine, PRORATION_BEHAVIORS, readProrationDate, type PriceChange } from './prorations'
import { linesBilledNow, requireSubscribablePrice } from './subscription-changes'
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
  const prorationBehavior = read.oneOf(details, 'proration_behavior', PRORATION_BEHAVIORS, 'subscription_details[proration_behavior]')
  const givenDate = read.optionalInteger(details, 'proration_date', 'subscription_details[proration_date]')
  // "If set, `subscription`, and one of `subscription_details.items`, or `subscription_details.trial_end` are
  // required. Also, `subscription_details.proration_behavior` cannot be set to 'none'" (the pinned SDK's
  // InvoiceCreatePreviewParams). Stripe's wording for these refusals is not documented; the double's is its own.
  if (givenDate !== undefined && entry === undefined) {
    throw invalid('subscription_details[proration_date] requires subscription_details[items].', 'subscription_details[proration_date]')
  }
  if (givenDate !== undefined && prorationBehavior === 'none') {
    throw invalid('subscription_details[proration_date] cannot be set when subscription_details[proration_behavior] is `none`.', 'subscription_details[proration_date]')
  }
  const prorationDate = readProrationDate(core, item, givenDate, 'subscription_details[proration_date]')
  return { price, quantity, prorationDate, prorationBehavior }
}

function preview(core: Core, params: Params): Stripe.Invoice {
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
  const prorationDate = billing.prorations.length > 0 ? change.prorationDate : undefined
  const options = { preview: true, ...(prorationDate !== undefined && { prorationDate }) }
  if (billing.invoicesNow) return createInvoice(core, subscription, 'upcoming', linesBilledNow(core, subscription, billing), options)
  return createInvoice(core, subscription, 'upcoming', [...pendingItemLines(core, subscription), ...billing.prorations, nextRenewalLine(item, change, billing)], options)
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
    handle: ({ core, params }) => preview(core, params),
  },
]
