// What a price or quantity change bills, computed once for both `POST /v1/invoices/create_preview` and the update
// itself, so a preview and the change made with the same `proration_date` produce the same lines and amounts, as
// Stripe promises ("To ensure that the actual proration is calculated exactly the same as the previewed proration,
// you should pass the subscription_details.proration_date parameter when doing the actual subscription update",
// https://docs.stripe.com/api/invoices/create_preview).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { addInterval } from '../core/time'
import { invalid } from '../door/errors'
import { itemsOfSubscriptionItem } from './invoice-items'
import type { InvoiceLine } from './invoices'

export const PRORATION_BEHAVIORS = ['create_prorations', 'none', 'always_invoice'] as const
export type ProrationBehavior = (typeof PRORATION_BEHAVIORS)[number]

export type PriceChange = { price: Stripe.Price; quantity: number; prorationBehavior?: ProrationBehavior; prorationDate?: number }

/**
 * What a change bills: its proration lines (credits for unused time, the new price for the time left), the first
 * period at a new interval when the cycle restarts, whether Stripe invoices them now (otherwise the prorations wait
 * as pending invoice items for the next invoice), and the item's period afterwards.
 */
export type ChangeBilling = {
  prorations: InvoiceLine[]
  newPeriod: InvoiceLine | null
  invoicesNow: boolean
  periodStart: number
  periodEnd: number
  resetsCycle: boolean
}

type CreditedItems = Stripe.InvoiceItem.ProrationDetails.CreditedItems
type Debit = { amount: number; start: number; end: number; quantity: number; price: Stripe.Price; ref: CreditedItems }

const formatDay = (seconds: number) =>
  new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(seconds * 1000))

/**
 * `proration_date` "forces the proration to be calculated as though the update was done at the specified time";
 * it must fall within the current period (https://docs.stripe.com/api/subscriptions/update#update_subscription-proration_date).
 * It prices the prorations only: the billing cycle anchor and the new period start when the update is made.
 */
export function readProrationDate(core: Core, item: Stripe.SubscriptionItem, value: number | undefined, param: string): number {
  if (value === undefined) return core.now()
  if (value < item.current_period_start || value > item.current_period_end) {
    throw invalid('The proration_date must be within the current billing period of the subscription.', param)
  }
  return value
}

/**
 * Prorations on licensed prices (https://docs.stripe.com/billing/subscriptions/prorations): credits for the unused
 * time of what was billed, a charge for the time left at the new price and quantity, both from the proration date
 * to the period end. `always_invoice` invoices them at once, `create_prorations` (the default) leaves them as pending
 * invoice items for the next invoice, `none` makes none
 * (https://docs.stripe.com/api/subscriptions/update#update_subscription-proration_behavior).
 * A new billing interval restarts the cycle now and invoices the new period at once, less the unused time unless
 * `none` ("Updating a subscription generates a new invoice when … the billing period changes",
 * https://docs.stripe.com/billing/subscriptions/pending-updates; https://docs.stripe.com/billing/subscriptions/billing-cycle#changing).
 * A trial bills nothing: the change applies and the trial goes on (https://docs.stripe.com/billing/subscriptions/trials).
 */
export function billingForChange(core: Core, subscription: Stripe.Subscription, item: Stripe.SubscriptionItem, change: PriceChange, now: number): ChangeBilling {
  const at = change.prorationDate ?? now
  const keep = { prorations: [], newPeriod: null, invoicesNow: false, periodStart: item.current_period_start, periodEnd: item.current_period_end, resetsCycle: false }
  const recurring = change.price.recurring
  const unchanged = change.price.id === item.price.id && change.quantity === (item.quantity ?? 1)
  if (subscription.status === 'trialing' || !recurring || unchanged) return keep
  const prorate = change.prorationBehavior !== 'none'
  const old = item.price.recurring
  if (old?.interval !== recurring.interval || old.interval_count !== recurring.interval_count) {
    const periodEnd = addInterval(now, recurring.interval, recurring.interval_count)
    const newPeriod: InvoiceLine = { item, price: change.price, quantity: change.quantity, amount: (change.price.unit_amount ?? 0) * change.quantity, periodStart: now, periodEnd }
    return { prorations: prorate ? creditsForUnusedTime(core, item, at) : [], newPeriod, invoicesNow: true, periodStart: now, periodEnd, resetsCycle: true }
  }
  const remaining = Math.max(0, item.current_period_end - at) / Math.max(1, item.current_period_end - item.current_period_start)
  if (!prorate || remaining === 0) return keep
  const charge: InvoiceLine = {
    item,
    price: change.price,
    quantity: change.quantity,
    amount: Math.round((change.price.unit_amount ?? 0) * change.quantity * remaining),
    periodStart: at,
    periodEnd: item.current_period_end,
    proration: true,
    description: `Remaining time on ${change.quantity} × ${productName(core, change.price)} after ${formatDay(at)}`,
  }
  return { ...keep, prorations: [...creditsForUnusedTime(core, item, at), charge], invoicesNow: change.prorationBehavior === 'always_invoice' }
}

/**
 * Credits for the unused time after `at`. The double's subscriptions are in flexible billing mode, which
 * "calculates credit prorations based on the original amount previously debited to a customer" and issues none
 * "if there was no debit" (https://docs.stripe.com/billing/subscriptions/billing-mode/compare,
 * https://docs.stripe.com/changelog/basil/2025-04-30/subscriptions-billing-mode): one credit per debit still
 * uncredited (a renewal's line, an earlier proration's charge, billed or pending), for the share of its own period
 * left, linked to it by `credited_items` — to the invoice item while it is pending, else to the invoice lines
 * (https://docs.stripe.com/api/invoiceitems/object#invoiceitem_object-proration_details-credited_items). So a price
 * changed with `proration_behavior=none`, or a quantity billed earlier, is credited at what was billed, not at the
 * current price. Classic billing mode (credits from the current price) is not modelled: the double makes none.
 */
export function creditsForUnusedTime(core: Core, item: Stripe.SubscriptionItem, at: number): InvoiceLine[] {
  return uncreditedDebits(core, item, at).flatMap((debit) => {
    const unused = (debit.end - Math.max(at, debit.start)) / Math.max(1, debit.end - debit.start)
    const amount = Math.round(debit.amount * unused)
    if (amount === 0) return []
    const line: InvoiceLine = {
      item,
      price: debit.price,
      quantity: debit.quantity,
      amount: -amount,
      periodStart: Math.max(at, debit.start),
      periodEnd: debit.end,
      proration: true,
      description: `Unused time on ${debit.quantity} × ${productName(core, debit.price)} after ${formatDay(at)}`,
      credited: debit.ref,
    }
    return [line]
  })
}

/** What the customer was charged for this subscription item for time after `at`, and has not been credited for. */
function uncreditedDebits(core: Core, item: Stripe.SubscriptionItem, at: number): Debit[] {
  const own = itemsOfSubscriptionItem(core, item.id)
  const credited = new Set<string>()
  for (const entry of own) {
    const refs = entry.amount < 0 ? entry.proration_details?.credited_items : null
    if (refs?.invoice_item) credited.add(refs.invoice_item)
    for (const id of refs?.invoice_line_item_details?.invoice_line_items ?? []) credited.add(id)
  }
  const priceOf = (id: string | Stripe.Price | undefined) => (typeof id === 'string' ? core.prices.get(id) : id) ?? item.price
  const debits: Debit[] = []
  for (const invoice of core.invoices.values()) {
    if (invoice.status === 'void' || invoice.parent?.subscription_details?.subscription !== item.subscription) continue
    for (const line of invoice.lines.data) {
      const details = line.parent?.subscription_item_details
      if (details?.subscription_item !== item.id || line.amount <= 0 || line.period.end <= at) continue
      if (credited.has(line.id) || (details.invoice_item !== null && credited.has(details.invoice_item))) continue
      const ref: CreditedItems = { type: 'invoice_line_items', invoice_line_item_details: { invoice: invoice.id, invoice_line_items: [line.id] } }
      debits.push({ amount: line.amount, start: line.period.start, end: line.period.end, quantity: line.quantity ?? 1, price: priceOf(line.pricing?.price_details?.price), ref })
    }
  }
  for (const entry of own) {
    if (entry.invoice !== null || entry.amount <= 0 || entry.period.end <= at || credited.has(entry.id)) continue
    const ref: CreditedItems = { type: 'invoice_item', invoice_item: entry.id }
    debits.push({ amount: entry.amount, start: entry.period.start, end: entry.period.end, quantity: entry.quantity, price: priceOf(entry.pricing?.price_details?.price), ref })
  }
  return debits
}

/** The next regular invoice's line at the new price: the period after the current one (or after the trial). */
export function nextRenewalLine(item: Stripe.SubscriptionItem, change: PriceChange, billing: ChangeBilling): InvoiceLine {
  const recurring = change.price.recurring
  const periodEnd = recurring ? addInterval(billing.periodEnd, recurring.interval, recurring.interval_count) : billing.periodEnd
  return { item, price: change.price, quantity: change.quantity, amount: (change.price.unit_amount ?? 0) * change.quantity, periodStart: billing.periodEnd, periodEnd }
}

function productName(core: Core, price: Stripe.Price): string {
  const id = typeof price.product === 'string' ? price.product : price.product.id
  return core.products.get(id)?.name ?? id
}
