import type Stripe from 'stripe'
import { catalogLookupKeys } from './catalog'
import { isMeteredPrice, licensedItem, licensedPhasePrice } from './subscription-items'

const toDate = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null)

/** The columns of a Subscription row, from Stripe's subscription object (API 2026-10-28: periods live on items). */
export function subscriptionColumns(subscription: Stripe.Subscription) {
  const known = new Set(catalogLookupKeys())
  const items = subscription.items.data
  // The row mirrors the licensed item (the flat or per-seat price: the plan, the seat count); metered items are the
  // plan's usage prices (lib/billing/subscription-items.ts). A subscription made elsewhere with several licensed
  // items: the one whose price the catalog knows.
  const licensed = items.filter((i) => !isMeteredPrice(i.price))
  const item = licensed.find((i) => i.price.lookup_key && known.has(i.price.lookup_key)) ?? licensedItem(subscription) ?? items[0]
  if (!item) throw new Error(`Subscription ${subscription.id} has no items`)
  return {
    customerId: typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
    status: subscription.status,
    priceId: item.price.id,
    priceLookupKey: item.price.lookup_key ?? null,
    productId: typeof item.price.product === 'string' ? item.price.product : item.price.product.id,
    quantity: item.quantity ?? 1,
    currentPeriodStart: toDate(item.current_period_start),
    currentPeriodEnd: toDate(item.current_period_end),
    trialEnd: toDate(subscription.trial_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: toDate(subscription.cancel_at),
    canceledAt: toDate(subscription.canceled_at),
    endedAt: toDate(subscription.ended_at),
    pauseCollection: subscription.pause_collection?.behavior ?? null,
    ...latestInvoiceColumns(subscription.latest_invoice),
    ...scheduleColumns(subscription.schedule),
  }
}

/**
 * The plan change a subscription schedule has waiting (sync-customer asks for `data.schedule`): the price of the
 * phase after the current one, and when it starts. No next phase (the change took effect, or the schedule only
 * holds the current period) means nothing is pending. An unexpanded id says only that a schedule exists.
 */
function scheduleColumns(schedule: Stripe.Subscription['schedule']) {
  if (!schedule) return { scheduleId: null, scheduledPriceId: null, scheduledChangeAt: null }
  if (typeof schedule === 'string') return { scheduleId: schedule }
  const current = schedule.current_phase
  const index = current ? schedule.phases.findIndex((phase) => phase.start_date === current.start_date) : -1
  const next = index >= 0 ? schedule.phases[index + 1] : undefined
  const price = next ? licensedPhasePrice(next) : null
  const live = schedule.status === 'active' || schedule.status === 'not_started'
  if (!live || !next || !price) return { scheduleId: live ? schedule.id : null, scheduledPriceId: null, scheduledChangeAt: null }
  return { scheduleId: schedule.id, scheduledPriceId: price, scheduledChangeAt: toDate(next.start_date) }
}

/** The latest invoice's columns when Stripe expanded it (sync-customer asks for `data.latest_invoice`). */
function latestInvoiceColumns(invoice: Stripe.Subscription['latest_invoice']) {
  if (!invoice || typeof invoice === 'string') return { invoiceId: invoice ?? null }
  return { invoiceId: invoice.id, invoiceStatus: invoice.status, invoiceReason: invoice.billing_reason, invoiceUrl: invoice.hosted_invoice_url ?? null }
}
