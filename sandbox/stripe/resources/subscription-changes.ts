// Updating and canceling a subscription: one implementation behind both the API and the portal page, so a click
// in the portal produces exactly the events the equivalent API call would.
import type Stripe from 'stripe'
import type { Core } from '../core'
import { invalid, noSuch } from '../errors'
import { previousAttributes } from '../events'
import type { Params } from '../form-encoding'
import * as read from '../params'
import type { ApiRoute } from '../router'
import { addInterval } from '../time'
import { toWire } from '../wire'
import { createInvoice, payInvoice } from './invoices'
import { planFromPrice, requirePrice } from './prices'
import { readPauseFields } from './subscription-pause'
import { amountOf, isLive, itemOf, requireSubscription } from './subscriptions'

const PRORATION = ['create_prorations', 'none', 'always_invoice'] as const

export type SubscriptionChange = {
  cancelAtPeriodEnd?: boolean
  /** null removes a scheduled cancellation. */
  cancelAt?: number | null
  metadata?: Stripe.Metadata
  price?: Stripe.Price
  quantity?: number
  prorationBehavior?: (typeof PRORATION)[number]
  comment?: string | null
  /** The reason a customer picked (the portal's cancellation survey, or `cancellation_details[feedback]`); null unsets it. */
  feedback?: Stripe.Subscription.CancellationDetails.Feedback | null
  /** pause_collection and trial_settings (subscription-pause.ts). */
  pause?: ReturnType<typeof readPauseFields>
}

export function changeSubscription(core: Core, subscription: Stripe.Subscription, change: SubscriptionChange): Stripe.Subscription {
  const now = core.now()
  const item = itemOf(subscription)
  const before = toWire(subscription)
  const details = subscription.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null }
  const schedule = (cancelAt: number | null, atPeriodEnd: boolean) => {
    subscription.cancel_at = cancelAt
    subscription.cancel_at_period_end = atPeriodEnd
    subscription.canceled_at = cancelAt === null ? null : now
    details.reason = cancelAt === null ? null : 'cancellation_requested'
  }
  if (change.cancelAtPeriodEnd !== undefined) schedule(change.cancelAtPeriodEnd ? item.current_period_end : null, change.cancelAtPeriodEnd)
  if (change.cancelAt !== undefined) schedule(change.cancelAt, false)
  if (change.comment !== undefined) details.comment = change.comment
  if (change.feedback !== undefined) details.feedback = change.feedback
  subscription.cancellation_details = details
  if (change.metadata) subscription.metadata = change.metadata
  if (change.pause) Object.assign(subscription, change.pause)
  const invoiceAmount = change.price || change.quantity !== undefined ? switchPrice(subscription, item, change, now) : undefined
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
  if (invoiceAmount !== undefined) {
    const invoice = createInvoice(core, subscription, 'subscription_update', {
      item,
      amount: invoiceAmount,
      periodStart: now,
      periodEnd: item.current_period_end,
    })
    subscription.latest_invoice = invoice.id
    core.emit('invoice.created', invoice)
    payInvoice(core, invoice)
  }
  return subscription
}

/**
 * Swaps the item's price and/or quantity; returns the amount to invoice now, if Stripe would invoice immediately.
 * "Changing the price or quantity both result in a proration" on licensed (per-seat) prices: credit for the unused
 * time at the old amount, charge for the remaining time at the new one (https://docs.stripe.com/billing/subscriptions/prorations).
 * `always_invoice` invoices that difference at once (billing_reason subscription_update), `create_prorations`
 * leaves it for the next invoice (not modelled: no pending items), `none` creates none
 * (https://docs.stripe.com/api/subscriptions/update#update_subscription-proration_behavior). A trial bills nothing.
 */
function switchPrice(subscription: Stripe.Subscription, item: Stripe.SubscriptionItem, change: SubscriptionChange, now: number): number | undefined {
  const oldAmount = amountOf(item)
  const oldRecurring = item.price.recurring
  const price = change.price ?? item.price
  item.price = price
  item.plan = planFromPrice(price)
  item.quantity = change.quantity ?? item.quantity
  const recurring = price.recurring
  if (subscription.status === 'trialing' || !recurring) return undefined
  const remaining = Math.max(0, item.current_period_end - now) / Math.max(1, item.current_period_end - item.current_period_start)
  const unused = change.prorationBehavior === 'none' ? 0 : Math.round(oldAmount * remaining)
  if (oldRecurring?.interval !== recurring.interval || oldRecurring.interval_count !== recurring.interval_count) {
    // A new billing interval restarts the cycle today and is invoiced at once (less the unused time, unless
    // proration_behavior=none), whatever proration_behavior says.
    item.current_period_start = now
    item.current_period_end = addInterval(now, recurring.interval, recurring.interval_count)
    subscription.billing_cycle_anchor = now
    return Math.max(0, amountOf(item) - unused)
  }
  if (change.prorationBehavior === 'always_invoice') return Math.max(0, Math.round(amountOf(item) * remaining) - unused)
  return undefined
}

export function cancelNow(core: Core, subscription: Stripe.Subscription, comment?: string | null): Stripe.Subscription {
  if (!isLive(subscription)) throw invalid(`This subscription is already canceled: '${subscription.id}'`, 'subscription')
  const now = core.now()
  subscription.status = 'canceled'
  subscription.canceled_at = now
  subscription.ended_at = now
  subscription.cancellation_details = {
    comment: comment ?? subscription.cancellation_details?.comment ?? null,
    feedback: null,
    feedback_option: null,
    reason: 'cancellation_requested',
  }
  core.emit('customer.subscription.deleted', subscription)
  return subscription
}

function readChange(core: Core, subscription: Stripe.Subscription, params: Params): SubscriptionChange {
  if (!isLive(subscription)) {
    const other = Object.keys(params).find((key) => !['metadata', 'cancellation_details', 'expand'].includes(key))
    if (other) throw invalid('A canceled subscription can only update its cancellation_details and metadata.', other)
  }
  const cancelAtPeriodEnd = read.optionalBoolean(params, 'cancel_at_period_end')
  const cancelAt = params.cancel_at === '' ? null : read.optionalInteger(params, 'cancel_at')
  if (cancelAtPeriodEnd && cancelAt) throw invalid('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at')
  const change: SubscriptionChange = {
    cancelAtPeriodEnd,
    cancelAt,
    prorationBehavior: read.oneOf(params, 'proration_behavior', PRORATION),
    ...readCancellationDetails(params),
    pause: readPauseFields(params),
  }
  if (params.metadata !== undefined) change.metadata = read.applyMetadata(subscription.metadata, params)
  const items = read.optionalArray(params, 'items') ?? []
  if (items.length > 1) throw invalid('The Stripe double supports single-item subscriptions only.', 'items')
  const entry = items[0]
  if (entry !== undefined) {
    const fields = read.optionalObject({ entry }, 'entry', 'items[0]') ?? {}
    const itemId = read.requiredString(fields, 'id', 'items[0][id]')
    if (itemOf(subscription).id !== itemId) throw noSuch('subscription item', itemId, 'items[0][id]')
    const priceId = read.optionalString(fields, 'price', 'items[0][price]')
    if (priceId !== undefined) change.price = requireSubscribablePrice(core, priceId, 'items[0][price]', subscription.currency)
    change.quantity = read.optionalInteger(fields, 'quantity', 'items[0][quantity]')
    if (change.quantity !== undefined && change.quantity < 1) throw invalid('Quantity must be at least 1.', 'items[0][quantity]')
  }
  return change
}

/**
 * The values Stripe accepts for `cancellation_details[feedback]`, the customer's reason
 * (https://docs.stripe.com/api/subscriptions/update#update_subscription-cancellation_details-feedback); `''` unsets
 * it. `comment` is free text of at most 5000 characters
 * (https://docs.stripe.com/api/subscriptions/object#subscription_object-cancellation_details-comment).
 */
export const CANCELLATION_FEEDBACK = ['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused'] as const

function readCancellationDetails(params: Params): Pick<SubscriptionChange, 'comment' | 'feedback'> {
  const details = read.optionalObject(params, 'cancellation_details', 'cancellation_details') ?? {}
  const comment = read.nullableString(details, 'comment', 'cancellation_details[comment]')
  if (comment && comment.length > 5000) throw invalid('Invalid cancellation_details[comment]: must be at most 5000 characters', 'cancellation_details[comment]')
  const feedback = details.feedback === '' ? null : read.oneOf(details, 'feedback', CANCELLATION_FEEDBACK, 'cancellation_details[feedback]')
  return { comment, feedback }
}

/** A price a subscription can move to (or Checkout can sell): existing, active and recurring. */
export function requireSubscribablePrice(core: Core, id: string, param: string, currency?: string): Stripe.Price {
  const price = requirePrice(core, id, param)
  if (!price.active) throw invalid('The price specified is inactive. This field only accepts active prices.', param)
  if (price.type !== 'recurring') throw invalid('The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.', param)
  if (currency && price.currency !== currency) throw invalid(`The price specified uses currency ${price.currency}, but this subscription is in ${currency}.`, param)
  return price
}

export const subscriptionWriteRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/subscriptions/:id',
    params: ['cancel_at', 'cancel_at_period_end', 'cancellation_details', 'items', 'metadata', 'pause_collection', 'proration_behavior', 'trial_settings'],
    handle: ({ core, params, args: [id = ''] }) => {
      const subscription = requireSubscription(core, id)
      return changeSubscription(core, subscription, readChange(core, subscription, params))
    },
  },
  {
    method: 'DELETE',
    path: '/v1/subscriptions/:id',
    // https://docs.stripe.com/api/subscriptions/cancel: `invoice_now` bills pending usage and prorations at once,
    // `prorate` credits the unused time. The double bills neither, so it accepts them only as false (their default).
    params: ['cancellation_details', 'invoice_now', 'prorate'],
    handle: ({ core, params, args: [id = ''] }) => {
      for (const flag of ['invoice_now', 'prorate'] as const) {
        if (read.optionalBoolean(params, flag)) throw invalid(`The Stripe double does not model \`${flag}=true\` on a cancellation.`, flag)
      }
      const details = read.optionalObject(params, 'cancellation_details') ?? {}
      return cancelNow(core, requireSubscription(core, id), read.nullableString(details, 'comment', 'cancellation_details[comment]'))
    },
  },
]
