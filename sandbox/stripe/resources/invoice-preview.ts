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
import type { Params } from '../door/form-encoding'
import * as read from '../door/params'
import { valueNotModelled } from '../door/not-modelled'
import type { ApiRoute } from '../door/router'
import { pendingItemLines } from './invoice-items'
import { createInvoice, type InvoiceLine } from './invoices'
import { readItemChanges, type ItemChanges, type MeteredChange } from './item-changes'
import { usageLine } from './metered-usage'
import { nextRenewalLine, PRORATION_BEHAVIORS, readProrationDate, type ChangeBilling, type PriceChange } from './prorations'
import { billingForItems, linesBilledNow } from './subscription-changes'
import { createItem, isLive, itemOf, meteredItemsOf, requireSubscription } from './subscriptions'

type PreviewedChange = ItemChanges & Pick<PriceChange, 'prorationBehavior' | 'prorationDate'> & { prorationDate: number }

function readDetails(core: Core, subscription: Stripe.Subscription, params: Params): PreviewedChange {
  const details = read.optionalObject(params, 'subscription_details') ?? {}
  const item = itemOf(subscription)
  const items = read.optionalArray(details, 'items', 'subscription_details[items]')
  const changes = items === undefined ? { metered: [] } : readItemChanges(core, subscription, items, 'subscription_details[items]')
  const prorationBehavior = read.oneOf(details, 'proration_behavior', PRORATION_BEHAVIORS, 'subscription_details[proration_behavior]')
  const givenDate = read.optionalInteger(details, 'proration_date', 'subscription_details[proration_date]')
  // "If set, `subscription`, and one of `subscription_details.items`, or `subscription_details.trial_end` are
  // required. Also, `subscription_details.proration_behavior` cannot be set to 'none'" (the pinned SDK's
  // InvoiceCreatePreviewParams). Stripe's wording for these refusals is not documented; the double's is its own.
  if (givenDate !== undefined && (items === undefined || items.length === 0)) {
    throw invalid('subscription_details[proration_date] requires subscription_details[items].', 'subscription_details[proration_date]')
  }
  if (givenDate !== undefined && prorationBehavior === 'none') {
    throw invalid('subscription_details[proration_date] cannot be set when subscription_details[proration_behavior] is `none`.', 'subscription_details[proration_date]')
  }
  const prorationDate = readProrationDate(core, item, givenDate, 'subscription_details[proration_date]')
  return { ...changes, prorationDate, prorationBehavior }
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
  const now = core.now()
  const licensed = { price: change.price ?? item.price, quantity: change.quantity ?? item.quantity ?? 1, prorationBehavior: change.prorationBehavior, prorationDate: change.prorationDate }
  const keep: ChangeBilling = { prorations: [], newPeriod: null, invoicesNow: false, periodStart: item.current_period_start, periodEnd: item.current_period_end, resetsCycle: false }
  const billing = billingForItems(core, subscription, change, now) ?? keep
  const prorationDate = billing.prorations.some((line) => line.proration === true) ? change.prorationDate : undefined
  const options = { preview: true, ...(prorationDate !== undefined && { prorationDate }) }
  if (billing.invoicesNow) return createInvoice(core, subscription, 'upcoming', linesBilledNow(core, subscription, billing), options)
  const next = [...pendingItemLines(core, subscription), ...billing.prorations, nextRenewalLine(item, licensed, billing), ...usageSoFar(core, subscription, change.metered, now)]
  return createInvoice(core, subscription, 'upcoming', next, options)
}

/**
 * The next invoice also bills, in arrears, what each metered item counts this period: so far, as the meter has
 * aggregated it (the upcoming invoice "shows ... the usage reported so far", https://docs.stripe.com/api/invoices/create_preview).
 * With the previewed change: a moved or added item from now, at its new price; a removed one not at all.
 */
function usageSoFar(core: Core, subscription: Stripe.Subscription, changes: readonly MeteredChange[], now: number): InvoiceLine[] {
  const end = itemOf(subscription).current_period_end
  const lines = meteredItemsOf(subscription).flatMap((metered) => {
    const change = changes.find((entry) => entry.kind !== 'add' && entry.item.id === metered.id)
    if (change?.kind === 'delete') return []
    if (change?.kind === 'swap') return [usageLine(core, subscription, metered, now, end, change.price)]
    return [usageLine(core, subscription, metered, metered.current_period_start, end)]
  })
  const added = changes.flatMap((entry) => (entry.kind === 'add' ? [createItem(core, subscription.id, { price: entry.price, quantity: null }, now, end)] : []))
  return [...lines, ...added.map((metered) => usageLine(core, subscription, metered, now, end))]
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
      'subscription_details[items][][deleted]',
      'subscription_details[items][][clear_usage]',
      'subscription_details[proration_behavior]',
      'subscription_details[proration_date]',
    ],
    handle: ({ core, params }) => preview(core, params),
  },
]
