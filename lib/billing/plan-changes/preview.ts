import 'server-only'
import { randomBytes } from 'node:crypto'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { findPrice } from '../catalog'
import { billingNow } from '../clock'
import { meteredPricesFor } from '../metered-prices'
import { activePriceFor } from '../prices-by-lookup-key'
import { seatQuantityFor } from '../seats'
import { meteredItemUpdates } from '../subscription-items'
import { changeableSubscription } from './changeable-subscription'
import { readPreviewLines } from './preview-lines'
import { timingOf, type ChangeTiming } from './timing'

/** How long a preview can be confirmed: long enough to read it, short enough that its proration date is fresh. */
export const PREVIEW_LIFETIME_MS = 10 * 60 * 1000

/** What the page shows before the customer confirms; amounts in the currency's smallest unit. */
export type PlanChangePreviewView = {
  token: string
  timing: ChangeTiming
  planName: string
  interval: string
  currency: string
  /** Whether confirming charges now (false for a change at the period's end, and in a trial). */
  invoicedNow: boolean
  /** Charged when the change is confirmed. */
  amountDue: number
  /** The new plan for the rest of the period (or a new interval's first period), before the credit. */
  charge: number
  /** The credit for the unused time of the current plan, included in amountDue. */
  credit: number
  /** The first invoice at the new price, and when it comes. */
  nextAmount: number
  nextAt: string
  /** When the new plan starts. */
  changeAt: string
  /** The new price per period and the seats it is billed for, so the page says what the team pays, not one seat. */
  price: { unitAmount: number; interval: string; quantity: number; perSeat: boolean }
}

const toDate = (seconds: number) => new Date(seconds * 1000)

/**
 * Asks Stripe what changing to `lookupKey` would cost (invoices.createPreview with the subscription and the
 * change, https://docs.stripe.com/api/invoices/create_preview), and stores the preview under a random token: the
 * confirmation takes only that token, so the price, quantity and proration date charged are the ones shown.
 * The quantity is the seat count for the new plan (lib/billing/seats.ts), never the request's.
 */
export async function previewPlanChange(stripe: Stripe, organizationId: string, lookupKey: string): Promise<PlanChangePreviewView> {
  const to = findPrice(lookupKey)
  if (!to) throw new ActionFailure('invalid_input', 'That plan is not available.')
  const { subscription, item, metered, from } = await changeableSubscription(stripe, organizationId)
  if (from.price.lookupKey === lookupKey) throw new ActionFailure('conflict', `You are already on ${to.plan.name} (${intervalWord(to.price.interval)}).`)
  const quantity = await seatQuantityFor(organizationId, to.plan)
  const price = await activePriceFor(stripe, lookupKey)
  if (!price) throw new ActionFailure('not_configured', `The "${lookupKey}" price is not in Stripe yet: run \`npm run stripe:sync\`.`)

  // Each metered item moves to the new plan's price for its meter; the ones the new plan lacks go, its new ones come.
  const meteredUpdates = meteredItemUpdates(metered, await meteredPricesFor(stripe, to.plan, to.price.interval))

  const timing = timingOf(from, to, subscription.status)
  const customer = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
  // An immediate change is previewed as confirm.ts makes it, with always_invoice. A change at the period's end
  // prorates nothing: the new items with proration_behavior=none preview the first invoice at the new price, which
  // is what the customer pays next.
  const invoice = await stripe.invoices.createPreview({
    customer,
    subscription: subscription.id,
    subscription_details: { items: [{ id: item.id, price: price.id, quantity }, ...meteredUpdates], proration_behavior: timing === 'now' ? 'always_invoice' : 'none' },
  })
  // Stripe's own "now" for this subscription (its test clock's time, if it has one), which the update sends again
  // as proration_date so that the proration is "calculated exactly the same as the previewed proration"
  // (https://docs.stripe.com/api/invoices/create_preview): "The time used to calculate prorations", set on a
  // preview that prorates (the pinned SDK's Invoice type). A server clock or a test clock apart from it would
  // otherwise price another second, or fall outside the period.
  const prorationDate = invoice.parent?.subscription_details?.subscription_proration_date ?? null
  const reading = readPreviewLines(invoice, item.current_period_end)
  const invoicedNow = timing === 'now' && reading.invoicedNow
  const changeAt = timing === 'now' ? (prorationDate ?? (await billingNow(stripe, subscription))) : item.current_period_end
  const next = invoicedNow
    ? { amount: (price.unit_amount ?? 0) * quantity + (await pendingItemsLeft(stripe, customer, subscription.id, reading.billedItems)), at: reading.billedUntil }
    : { amount: invoice.amount_due, at: item.current_period_end } // the preview is the next invoice: at the period's (or trial's) end
  const shown = {
    invoicedNow,
    amountDue: invoicedNow ? reading.amountDue : 0,
    charge: invoicedNow ? reading.charge : 0,
    credit: invoicedNow ? reading.credit : 0,
  }

  const token = randomBytes(24).toString('base64url')
  await db.planChangePreview.create({
    data: {
      id: token,
      organizationId,
      subscriptionId: subscription.id,
      fromPriceId: item.price.id,
      fromQuantity: item.quantity ?? 1,
      toPriceId: price.id,
      toLookupKey: lookupKey,
      quantity,
      timing,
      prorationDate,
      currency: invoice.currency,
      amountDue: shown.amountDue,
      credit: shown.credit,
      nextAmount: next.amount,
      nextAt: toDate(next.at),
      expiresAt: new Date(Date.now() + PREVIEW_LIFETIME_MS),
    },
  })
  await db.planChangePreview.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - PREVIEW_LIFETIME_MS) } } })
  return {
    token,
    timing,
    planName: to.plan.name,
    interval: intervalWord(to.price.interval),
    currency: invoice.currency,
    ...shown,
    nextAmount: next.amount,
    nextAt: toDate(next.at).toISOString(),
    changeAt: toDate(changeAt).toISOString(),
    price: { unitAmount: price.unit_amount ?? 0, interval: to.price.interval, quantity, perSeat: to.plan.perSeat },
  }
}

/**
 * The subscription's pending invoice items that the change does not bill now: prorations an earlier change left
 * (the portal's plan change uses create_prorations, decision 0008), which Stripe adds to the next invoice
 * (https://docs.stripe.com/api/invoiceitems/create#create_invoiceitem-invoice). One list request, only for a change
 * invoiced now; a preview of the next invoice already shows them.
 */
async function pendingItemsLeft(stripe: Stripe, customer: string, subscriptionId: string, billedNow: ReadonlySet<string>): Promise<number> {
  let total = 0
  for await (const pending of stripe.invoiceItems.list({ customer, pending: true, limit: 100 })) {
    if (pending.parent?.subscription_details?.subscription === subscriptionId && !billedNow.has(pending.id)) total += pending.amount
  }
  return total
}

export const intervalWord = (interval: string) => (interval === 'year' ? 'yearly' : 'monthly')
