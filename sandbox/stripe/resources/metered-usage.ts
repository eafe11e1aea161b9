// What a metered item bills: the usage its meter counted for the customer over a stretch of the item's period, at the
// item's price, billed in arrears. "Stripe bills usage in arrears: at the end of each billing period, the meter's
// aggregated usage for the period is invoiced at the price" (https://docs.stripe.com/billing/subscriptions/usage-based/how-it-works);
// the line's `period` is the stretch it bills, the period that just ended on a renewal
// (https://docs.stripe.com/api/invoice-line-item/object#invoice_line_item_object-period).
import Stripe from 'stripe'
import type { Core } from '../core/core'
import { aggregatedUsage } from './meter-events'
import type { InvoiceLine } from './invoices'
import { amountForQuantity } from './prices'
import { isMetered, meteredItemsOf } from './subscriptions'

const customerIdOf = (subscription: Stripe.Subscription) => (typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id)

/** The meter a metered price reads (`recurring.meter`); null for a price without one. */
export function meterOf(price: Stripe.Price): string | null {
  return price.recurring?.meter ?? null
}

/**
 * One line for `item` at `price` (the item's own unless given): the meter's aggregate over [start, end) for the
 * subscription's customer, as Stripe has aggregated it by now, priced with the price's scheme and tiers.
 */
export function usageLine(core: Core, subscription: Stripe.Subscription, item: Stripe.SubscriptionItem, start: number, end: number, price = item.price): InvoiceLine {
  const meterId = meterOf(price)
  const quantity = meterId === null ? 0 : aggregatedUsage(core, { meterId, customerId: customerIdOf(subscription), start, end })
  return { item, price, quantity, amount: amountForQuantity(price, quantity), periodStart: start, periodEnd: end }
}

/** The metered items' lines in arrears, each from its own period start (later for an item added or moved mid-period) to `end`. */
export function usageLines(core: Core, subscription: Stripe.Subscription, end: number): InvoiceLine[] {
  return meteredItemsOf(subscription).map((item) => usageLine(core, subscription, item, item.current_period_start, end))
}

/**
 * A renewal's draft waits an hour before Stripe finalizes it (https://docs.stripe.com/billing/invoices/subscription);
 * the metered lines are read again then, so usage aggregated during that hour for the period that ended is billed.
 * The invoice's totals follow each line's new amount.
 */
export function refreshUsageLines(core: Core, invoice: Stripe.Invoice): void {
  const customerId = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id
  if (!customerId) return
  let delta = 0
  for (const line of invoice.lines.data) {
    const details = line.parent?.subscription_item_details
    const priceRef = line.pricing?.price_details?.price
    const price = typeof priceRef === 'string' ? core.prices.get(priceRef) : priceRef
    const meterId = price ? meterOf(price) : null
    if (!price || !meterId || !details || details.invoice_item !== null || !isMetered(price)) continue
    const quantity = aggregatedUsage(core, { meterId, customerId, start: line.period.start, end: line.period.end })
    const amount = amountForQuantity(price, quantity)
    delta += amount - line.amount
    line.amount = amount
    line.subtotal = amount
    line.quantity = quantity
    line.quantity_decimal = Stripe.Decimal.from(String(quantity))
  }
  if (delta === 0) return
  invoice.subtotal += delta
  invoice.subtotal_excluding_tax = (invoice.subtotal_excluding_tax ?? invoice.subtotal - delta) + delta
  invoice.total += delta
  invoice.total_excluding_tax = (invoice.total_excluding_tax ?? invoice.total - delta) + delta
  invoice.amount_due = Math.max(0, invoice.total)
  invoice.amount_remaining = invoice.amount_due
  invoice.ending_balance = Math.min(0, invoice.total)
}
