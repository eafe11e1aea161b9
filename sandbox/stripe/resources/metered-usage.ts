// What a metered item bills: the usage its meter counted for the customer over a stretch of the item's period, at the
// item's price, billed in arrears. "Stripe bills usage in arrears: at the end of each billing period, the meter's
// aggregated usage for the period is invoiced at the price" (https://docs.stripe.com/billing/subscriptions/usage-based/how-it-works);
// the line's `period` is the stretch it bills, the period that just ended on a renewal
// (https://docs.stripe.com/api/invoice-line-item/object#invoice_line_item_object-period).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { aggregatedUsage } from './meter-events'
import type { InvoiceLine } from './invoices'
import { amountForQuantity } from './prices'
import { meteredItemsOf } from './subscriptions'

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
