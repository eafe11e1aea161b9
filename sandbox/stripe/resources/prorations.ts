// What a price or quantity change bills, computed once for both `POST /v1/invoices/create_preview` and the update
// itself, so a preview and the change made with the same `proration_date` produce the same lines and amounts, as
// Stripe promises ("To ensure that the actual proration is calculated exactly the same as the previewed proration,
// you should pass the subscription_details.proration_date parameter when doing the actual subscription update",
// https://docs.stripe.com/api/invoices/create_preview).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import { addInterval } from '../core/time'
import type { InvoiceLine } from './invoices'
import { amountOf } from './subscriptions'

export const PRORATION_BEHAVIORS = ['create_prorations', 'none', 'always_invoice'] as const
export type ProrationBehavior = (typeof PRORATION_BEHAVIORS)[number]

export type PriceChange = { price: Stripe.Price; quantity: number; prorationBehavior?: ProrationBehavior; prorationDate?: number }

/** What the change bills now (`lines`, when Stripe invoices at once) and the item's period afterwards. */
export type ChangeBilling = { invoiceNow: InvoiceLine[] | null; periodStart: number; periodEnd: number; resetsCycle: boolean }

const formatDay = (seconds: number) =>
  new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(seconds * 1000))

/**
 * `proration_date` "forces the proration to be calculated as though the update was done at the specified time";
 * it must fall within the current period (https://docs.stripe.com/api/subscriptions/update#update_subscription-proration_date).
 */
export function readProrationDate(core: Core, item: Stripe.SubscriptionItem, value: number | undefined, param: string): number {
  if (value === undefined) return core.now()
  if (value < item.current_period_start || value > item.current_period_end) {
    throw invalid('The proration_date must be within the current billing period of the subscription.', param)
  }
  return value
}

/**
 * Prorations on licensed prices: a credit line for the unused time at the old price and quantity, a charge line
 * for the remaining time at the new ones, both from the proration date to the period end
 * (https://docs.stripe.com/billing/subscriptions/prorations). `always_invoice` invoices them at once
 * (billing_reason subscription_update), `create_prorations` leaves them for the next invoice (not modelled: no
 * pending items), `none` creates none (https://docs.stripe.com/api/subscriptions/update#update_subscription-proration_behavior).
 * A new billing interval restarts the cycle on the proration date and is invoiced at once: the full new period,
 * less the unused time unless proration_behavior=none (https://docs.stripe.com/billing/subscriptions/billing-cycle#changing).
 * A trial bills nothing: the change applies and the trial goes on (https://docs.stripe.com/billing/subscriptions/trials).
 */
export function billingForChange(core: Core, subscription: Stripe.Subscription, item: Stripe.SubscriptionItem, change: PriceChange, now: number): ChangeBilling {
  const at = change.prorationDate ?? now
  const oldRecurring = item.price.recurring
  const recurring = change.price.recurring
  const keep = { periodStart: item.current_period_start, periodEnd: item.current_period_end, resetsCycle: false }
  if (subscription.status === 'trialing' || !recurring) return { invoiceNow: null, ...keep }
  const span = Math.max(1, item.current_period_end - item.current_period_start)
  const remaining = Math.max(0, item.current_period_end - at) / span
  const newAmount = (change.price.unit_amount ?? 0) * change.quantity
  const credit: InvoiceLine = {
    item,
    amount: -Math.round(amountOf(item) * remaining),
    periodStart: at,
    periodEnd: item.current_period_end,
    proration: true,
    description: `Unused time on ${item.quantity ?? 1} × ${productName(core, item.price)} after ${formatDay(at)}`,
  }
  const prorate = change.prorationBehavior !== 'none'
  if (oldRecurring?.interval !== recurring.interval || oldRecurring.interval_count !== recurring.interval_count) {
    const periodEnd = addInterval(at, recurring.interval, recurring.interval_count)
    const full: InvoiceLine = { item, price: change.price, quantity: change.quantity, amount: newAmount, periodStart: at, periodEnd }
    return { invoiceNow: prorate && credit.amount !== 0 ? [credit, full] : [full], periodStart: at, periodEnd, resetsCycle: true }
  }
  if (change.prorationBehavior !== 'always_invoice') return { invoiceNow: null, ...keep }
  const charge: InvoiceLine = {
    item,
    price: change.price,
    quantity: change.quantity,
    amount: Math.round(newAmount * remaining),
    periodStart: at,
    periodEnd: item.current_period_end,
    proration: true,
    description: `Remaining time on ${change.quantity} × ${productName(core, change.price)} after ${formatDay(at)}`,
  }
  return { invoiceNow: [credit, charge], ...keep }
}

/** The renewal a preview shows when the change bills nothing now: the next period at the new price. */
export function nextRenewalLine(item: Stripe.SubscriptionItem, change: PriceChange, billing: ChangeBilling): InvoiceLine {
  const recurring = change.price.recurring
  const periodEnd = recurring ? addInterval(billing.periodEnd, recurring.interval, recurring.interval_count) : billing.periodEnd
  return { item, price: change.price, quantity: change.quantity, amount: (change.price.unit_amount ?? 0) * change.quantity, periodStart: billing.periodEnd, periodEnd }
}

function productName(core: Core, price: Stripe.Price): string {
  const id = typeof price.product === 'string' ? price.product : price.product.id
  return core.products.get(id)?.name ?? id
}
