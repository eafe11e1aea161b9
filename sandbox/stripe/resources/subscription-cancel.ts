// Canceling a subscription at once: `DELETE /v1/subscriptions/:id`, a schedule's cancel, a deleted customer, the
// portal's "cancel now". With `prorate` the unused time is credited; with `invoice_now` a final invoice bills the
// pending prorations (that credit included) at once (https://docs.stripe.com/api/subscriptions/cancel).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { claimInvoiceItems, createProrationItem, pendingItemLines, removePendingProrations } from './invoice-items'
import { createInvoice, payInvoice } from './invoices'
import { creditsForUnusedTime } from './prorations'
import { isLive, itemOf, requireSubscription } from './subscriptions'

export type CancelOptions = {
  comment?: string | null
  /** A final invoice now, for the pending prorations (`invoice_now`). */
  invoiceNow?: boolean
  /** Credit the unused time (`prorate`). */
  prorate?: boolean
}

/**
 * "If the subscription is set to cancel immediately, pending prorations are removed if `invoice_now` and `prorate`
 * are both set to false" (https://docs.stripe.com/api/subscriptions/cancel); both default to false there, and to
 * true on a schedule's cancel (https://docs.stripe.com/api/subscription_schedules/cancel). The credit follows the
 * flexible billing mode's rule (prorations.ts): what was billed for the time left. A final invoice whose total is
 * negative bills 0 and credits the customer's balance (invoices.ts). Stripe does not document the final invoice's
 * `billing_reason`; the double says `subscription_update`.
 */
export function cancelNow(core: Core, subscription: Stripe.Subscription, options: CancelOptions = {}): Stripe.Subscription {
  if (!isLive(subscription)) throw invalid(`This subscription is already canceled: '${subscription.id}'`, 'subscription')
  const now = core.now()
  const credits = options.prorate ? creditsForUnusedTime(core, itemOf(subscription), now) : []
  for (const line of credits) createProrationItem(core, subscription, line, null)
  const finalLines = options.invoiceNow ? pendingItemLines(core, subscription) : []
  if (finalLines.length > 0) {
    const invoice = createInvoice(core, subscription, 'subscription_update', finalLines)
    claimInvoiceItems(core, invoice)
    subscription.latest_invoice = invoice.id
    core.emit('invoice.created', invoice)
    payInvoice(core, invoice)
  }
  if (!options.invoiceNow && !options.prorate) removePendingProrations(core, subscription.id)
  subscription.status = 'canceled'
  subscription.canceled_at = now
  subscription.ended_at = now
  subscription.cancellation_details = {
    comment: options.comment ?? subscription.cancellation_details?.comment ?? null,
    feedback: null,
    feedback_option: null,
    reason: 'cancellation_requested',
  }
  core.emit('customer.subscription.deleted', subscription)
  return subscription
}

export const subscriptionCancelRoutes: ApiRoute[] = [
  {
    method: 'DELETE',
    path: '/v1/subscriptions/:id',
    params: ['cancellation_details[comment]', 'invoice_now', 'prorate'],
    handle: ({ core, params, args: [id = ''] }) => {
      const details = read.optionalObject(params, 'cancellation_details') ?? {}
      return cancelNow(core, requireSubscription(core, id), {
        comment: read.nullableString(details, 'comment', 'cancellation_details[comment]'),
        invoiceNow: read.optionalBoolean(params, 'invoice_now') ?? false,
        prorate: read.optionalBoolean(params, 'prorate') ?? false,
      })
    },
  },
]
