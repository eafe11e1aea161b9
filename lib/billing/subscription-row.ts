import type Stripe from 'stripe'
import { catalogLookupKeys } from './catalog'

const toDate = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null)

/** The columns of a Subscription row, from Stripe's subscription object (API 2026-10-28: periods live on items). */
export function subscriptionColumns(subscription: Stripe.Subscription) {
  const known = new Set(catalogLookupKeys())
  const items = subscription.items.data
  // A subscription can hold several items; the plan is the one whose price the catalog knows.
  const item = items.find((i) => i.price.lookup_key && known.has(i.price.lookup_key)) ?? items[0]
  if (!item) throw new Error(`Subscription ${subscription.id} has no items`)
  return {
    customerId: typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
    status: subscription.status,
    priceId: item.price.id,
    priceLookupKey: item.price.lookup_key ?? null,
    productId: typeof item.price.product === 'string' ? item.price.product : item.price.product.id,
    quantity: item.quantity ?? 1,
    currentPeriodEnd: toDate(item.current_period_end),
    trialEnd: toDate(subscription.trial_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: toDate(subscription.cancel_at),
    canceledAt: toDate(subscription.canceled_at),
    endedAt: toDate(subscription.ended_at),
    pauseCollection: subscription.pause_collection?.behavior ?? null,
    ...latestInvoiceColumns(subscription.latest_invoice),
  }
}

/** The latest invoice's columns when Stripe expanded it (sync-customer asks for `data.latest_invoice`). */
function latestInvoiceColumns(invoice: Stripe.Subscription['latest_invoice']) {
  if (!invoice || typeof invoice === 'string') return { invoiceId: invoice ?? null }
  return { invoiceId: invoice.id, invoiceStatus: invoice.status, invoiceReason: invoice.billing_reason, invoiceUrl: invoice.hosted_invoice_url ?? null }
}
