import 'server-only'
import { randomBytes } from 'node:crypto'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { findPrice } from '../catalog'
import { activePriceFor } from '../prices-by-lookup-key'
import { seatQuantityFor } from '../seats'
import { changeableSubscription } from './changeable-subscription'
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
  /** Charged when the change is confirmed (0 for a change at the period's end, or in a trial). */
  amountDue: number
  /** The credit for the unused time of the current plan, included in amountDue. */
  credit: number
  /** The first invoice at the new price, and when it comes. */
  nextAmount: number
  nextAt: string
  /** When the new plan starts. */
  changeAt: string
}

const toDate = (seconds: number) => new Date(seconds * 1000)
const isProration = (line: Stripe.InvoiceLineItem) => line.parent?.subscription_item_details?.proration === true

/**
 * Asks Stripe what changing to `lookupKey` would cost (invoices.createPreview with the subscription and the
 * change, https://docs.stripe.com/api/invoices/create_preview), and stores the preview under a random token: the
 * confirmation takes only that token, so the price, quantity and proration date charged are the ones shown.
 * The quantity is the seat count for the new plan (lib/billing/seats.ts), never the request's.
 */
export async function previewPlanChange(stripe: Stripe, organizationId: string, lookupKey: string): Promise<PlanChangePreviewView> {
  const to = findPrice(lookupKey)
  if (!to) throw new ActionFailure('invalid_input', 'That plan is not available.')
  const { subscription, item, from } = await changeableSubscription(stripe, organizationId)
  if (from.price.lookupKey === lookupKey) throw new ActionFailure('conflict', `You are already on ${to.plan.name} (${intervalWord(to.price.interval)}).`)
  const quantity = await seatQuantityFor(organizationId, to.plan)
  const price = await activePriceFor(stripe, lookupKey)
  if (!price) throw new ActionFailure('not_configured', `The "${lookupKey}" price is not in Stripe yet: run \`npm run stripe:sync\`.`)

  const timing = timingOf(from, to, subscription.status)
  const prorationDate = Math.floor(Date.now() / 1000)
  const customer = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
  // A change at the period's end prorates nothing; previewing it with proration_behavior=none gives the first
  // invoice at the new price, which is what the customer will pay next.
  const invoice = await stripe.invoices.createPreview({
    customer,
    subscription: subscription.id,
    subscription_details: {
      items: [{ id: item.id, price: price.id, quantity }],
      proration_behavior: timing === 'now' ? 'always_invoice' : 'none',
      proration_date: prorationDate,
    },
  })
  const lines = invoice.lines.data
  const credit = -lines.filter((line) => isProration(line) && line.amount < 0).reduce((sum, line) => sum + line.amount, 0)
  // billing_reason subscription_update: the change is invoiced now. Otherwise (a trial, a change at the period's
  // end) the preview is the next invoice, and nothing is due now.
  const invoicedNow = timing === 'now' && invoice.billing_reason === 'subscription_update'
  const newPeriodEnd = Math.max(...lines.map((line) => line.period.end))
  const changeAt = timing === 'now' ? prorationDate : item.current_period_end
  const next = invoicedNow
    ? { amount: (price.unit_amount ?? 0) * quantity, at: newPeriodEnd }
    : { amount: invoice.amount_due, at: timing === 'now' ? Math.min(...lines.map((line) => line.period.start)) : item.current_period_end }

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
      amountDue: invoicedNow ? invoice.amount_due : 0,
      credit: invoicedNow ? credit : 0,
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
    amountDue: invoicedNow ? invoice.amount_due : 0,
    credit: invoicedNow ? credit : 0,
    nextAmount: next.amount,
    nextAt: toDate(next.at).toISOString(),
    changeAt: toDate(changeAt).toISOString(),
  }
}

export const intervalWord = (interval: string) => (interval === 'year' ? 'yearly' : 'monthly')
