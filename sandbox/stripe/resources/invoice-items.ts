// Invoice items, as a subscription change makes them: each proration is one, left pending for the subscription's
// next invoice (`proration_behavior=create_prorations`) or billed at once (`always_invoice`). "Sometimes you want to
// add a charge or credit to a customer, but actually charge or credit the customer's card only at the end of a
// regular billing cycle" (https://docs.stripe.com/api/invoiceitems); an item with no invoice "will be added to the
// next upcoming scheduled invoice" of its subscription (https://docs.stripe.com/api/invoiceitems/create#create_invoiceitem-invoice).
// Items made through POST /v1/invoiceitems are not modelled.
import Stripe from 'stripe'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { noSuch } from '../door/errors'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import type { InvoiceLine } from './invoices'

const customerIdOf = (subscription: Stripe.Subscription) => (typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id)
const subscriptionOf = (item: Stripe.InvoiceItem) => item.parent?.subscription_details?.subscription ?? null

/**
 * Makes the invoice item behind a proration line and returns the line naming it. `invoiceId` null leaves it pending.
 * Proration items are never discountable ("Always false for prorations", the pinned SDK's InvoiceItem type).
 */
export function createProrationItem(core: Core, subscription: Stripe.Subscription, line: InvoiceLine, invoiceId: string | null): InvoiceLine {
  const price = line.price ?? line.item.price
  const quantity = line.quantity ?? line.item.quantity ?? 1
  const product = typeof price.product === 'string' ? price.product : price.product.id
  const item: Stripe.InvoiceItem = {
    id: newId('ii_'),
    object: 'invoiceitem',
    amount: line.amount,
    currency: price.currency,
    customer: customerIdOf(subscription),
    customer_account: null,
    date: core.now(),
    description: line.description ?? null,
    discountable: false,
    discounts: [],
    invoice: invoiceId,
    invoicing_rules: [],
    livemode: false,
    metadata: {},
    net_amount: line.amount,
    parent: { subscription_details: { subscription: subscription.id, subscription_item: line.item.id }, type: 'subscription_details' },
    period: { start: line.periodStart, end: line.periodEnd },
    pricing: { price_details: { price: price.id, product }, type: 'price_details', unit_amount_decimal: price.unit_amount_decimal },
    proration: true,
    proration_details: { credited_items: line.credited ?? null, discount_amounts: [] },
    quantity,
    quantity_decimal: Stripe.Decimal.from(String(quantity)),
    tax_rates: [],
    test_clock: subscription.test_clock,
  }
  core.invoiceItems.set(item.id, item)
  // https://docs.stripe.com/api/events/types#event_types-invoiceitem.created: "Occurs whenever an invoice item is created."
  core.emit('invoiceitem.created', item)
  return { ...line, proration: true, invoiceItem: item.id }
}

/** The subscription's items no invoice has billed yet, oldest first. */
export function pendingItemsOf(core: Core, subscriptionId: string): Stripe.InvoiceItem[] {
  return [...core.invoiceItems.values()].filter((item) => item.invoice === null && subscriptionOf(item) === subscriptionId)
}

/** Every item a subscription item's changes made, billed or not: the debits and credits prorations.ts weighs. */
export function itemsOfSubscriptionItem(core: Core, subscriptionItemId: string): Stripe.InvoiceItem[] {
  return [...core.invoiceItems.values()].filter((item) => item.parent?.subscription_details?.subscription_item === subscriptionItemId)
}

/** The subscription's pending items as lines of its next invoice (claimInvoiceItems marks them billed once it exists). */
export function pendingItemLines(core: Core, subscription: Stripe.Subscription): InvoiceLine[] {
  return pendingItemsOf(core, subscription.id).flatMap((pending) => {
    const priceId = pending.pricing?.price_details?.price
    const price = typeof priceId === 'string' ? core.prices.get(priceId) : priceId
    const itemId = pending.parent?.subscription_details?.subscription_item
    // An item removed since (a metered price taken off, its usage so far billed as this item) still names its line.
    const removed = () => (price && itemId && subscription.items.data[0] ? [{ ...subscription.items.data[0], id: itemId, price }] : [])
    const item = subscription.items.data.find((candidate) => candidate.id === itemId) ?? removed()[0]
    if (!item) return []
    return [
      {
        item,
        amount: pending.amount,
        periodStart: pending.period.start,
        periodEnd: pending.period.end,
        proration: pending.proration,
        invoiceItem: pending.id,
        quantity: pending.quantity,
        ...(price && { price }),
        ...(pending.description !== null && { description: pending.description }),
        ...(pending.proration_details?.credited_items && { credited: pending.proration_details.credited_items }),
      },
    ]
  })
}

/** The items an invoice's lines bill now belong to it and are no longer pending. */
export function claimInvoiceItems(core: Core, invoice: Stripe.Invoice): void {
  for (const line of invoice.lines.data) {
    const id = line.parent?.subscription_item_details?.invoice_item
    const item = id ? core.invoiceItems.get(id) : undefined
    if (item) item.invoice = invoice.id
  }
}

/**
 * A subscription canceled at once with neither `invoice_now` nor `prorate`: "pending prorations are removed"
 * (https://docs.stripe.com/api/subscriptions/cancel). Stripe does not document an event for this; none is sent.
 */
export function removePendingProrations(core: Core, subscriptionId: string): void {
  for (const item of pendingItemsOf(core, subscriptionId)) if (item.proration) core.invoiceItems.delete(item.id)
}

function requireInvoiceItem(core: Core, id: string): Stripe.InvoiceItem {
  const item = core.invoiceItems.get(id)
  if (!item) throw noSuch('invoiceitem', id)
  return item
}

export const invoiceItemRoutes: ApiRoute[] = [
  { method: 'GET', path: '/v1/invoiceitems/:id', params: [], handle: ({ core, args: [id = ''] }) => requireInvoiceItem(core, id) },
  {
    method: 'GET',
    path: '/v1/invoiceitems',
    // https://docs.stripe.com/api/invoiceitems/list: `pending=true` only items no invoice holds, `false` only billed ones.
    params: ['customer', 'invoice', 'pending', ...PAGINATION],
    handle: ({ core, params }) => {
      const customer = read.optionalString(params, 'customer')
      const invoice = read.optionalString(params, 'invoice')
      const pending = read.optionalBoolean(params, 'pending')
      const matches = newestFirst(core.invoiceItems).filter(
        (item) =>
          (customer === undefined || item.customer === customer) &&
          (invoice === undefined || item.invoice === invoice) &&
          (pending === undefined || (item.invoice === null) === pending),
      )
      return listOf(matches, params, '/v1/invoiceitems')
    },
  },
]
