// Updating and canceling a subscription: one implementation behind both the API and the portal page, so a click
// in the portal produces exactly the events the equivalent API call would.
import type Stripe from 'stripe'
import type { CardOutcome, Core } from '../core/core'
import { ApiError, invalid, noSuch } from '../door/errors'
import { previousAttributes } from '../core/events'
import type { Params } from '../door/form-encoding'
import * as read from '../door/params'
import { valueNotModelled } from '../door/not-modelled'
import type { ApiRoute } from '../door/router'
import { toWire } from '../core/wire'
import { createInvoice, failInvoice, payInvoice } from './invoices'
import { billingForChange, PRORATION_BEHAVIORS, readProrationDate, type ProrationBehavior } from './prorations'
import { planFromPrice, requirePrice } from './prices'
import { refuseOverSubscriptionLimits } from './subscription-limits'
import { readPauseFields } from './subscription-pause'
import { addInterval } from '../core/time'
import { amountOf, isLive, itemOf, requireSubscription } from './subscriptions'

const PAYMENT_BEHAVIORS = ['allow_incomplete', 'error_if_incomplete', 'pending_if_incomplete', 'default_incomplete'] as const

export type SubscriptionChange = {
  cancelAtPeriodEnd?: boolean
  /** null removes a scheduled cancellation. */
  cancelAt?: number | null
  metadata?: Stripe.Metadata
  price?: Stripe.Price
  quantity?: number
  prorationBehavior?: ProrationBehavior
  prorationDate?: number
  paymentBehavior?: (typeof PAYMENT_BEHAVIORS)[number]
  /** `trial_end=now`: the trial ends at once. */
  endTrialNow?: boolean
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
  if (change.endTrialNow) return endTrialNow(core, subscription, now)
  const priceChange = change.price || change.quantity !== undefined ? { price: change.price ?? item.price, quantity: change.quantity ?? item.quantity ?? 1, prorationBehavior: change.prorationBehavior, prorationDate: change.prorationDate } : null
  const billing = priceChange ? billingForChange(core, subscription, item, priceChange, now) : null
  refuseOverSubscriptionLimits(core, subscription, { createsInvoice: Boolean(billing?.invoiceNow), changesQuantity: priceChange !== null && priceChange.quantity !== (item.quantity ?? 1) })
  const payment = billing?.invoiceNow ? paymentOutcome(core, subscription, billing.invoiceNow) : 'succeeds'
  // error_if_incomplete: "if a payment method requires 3DS authentication ... or the payment fails, this parameter
  // does not update the subscription and returns an error instead" (HTTP 402),
  // https://docs.stripe.com/api/subscriptions/update#update_subscription-payment_behavior. Checked before anything changes.
  if (payment !== 'succeeds' && change.paymentBehavior === 'error_if_incomplete') throw paymentError(payment)
  if (change.cancelAtPeriodEnd !== undefined) schedule(change.cancelAtPeriodEnd ? item.current_period_end : null, change.cancelAtPeriodEnd)
  if (change.cancelAt !== undefined) schedule(change.cancelAt, false)
  if (change.comment !== undefined) details.comment = change.comment
  if (change.feedback !== undefined) details.feedback = change.feedback
  subscription.cancellation_details = details
  if (change.metadata) subscription.metadata = change.metadata
  if (change.pause) Object.assign(subscription, change.pause)
  if (priceChange && billing) {
    item.price = priceChange.price
    item.plan = planFromPrice(priceChange.price)
    item.quantity = priceChange.quantity
    item.current_period_start = billing.periodStart
    item.current_period_end = billing.periodEnd
    if (billing.resetsCycle) subscription.billing_cycle_anchor = billing.periodStart
  }
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
  if (billing?.invoiceNow) {
    const invoice = createInvoice(core, subscription, 'subscription_update', billing.invoiceNow)
    subscription.latest_invoice = invoice.id
    core.emit('invoice.created', invoice)
    if (payment === 'succeeds' || invoice.amount_due === 0) {
      payInvoice(core, invoice)
      return subscription
    }
    // allow_incomplete (the default): the change stays and the subscription goes past_due until the invoice is
    // paid (https://docs.stripe.com/billing/subscriptions/pending-updates: "By default, updates are applied
    // regardless of whether payment on the new invoice succeeds").
    failInvoice(core, invoice, payment === 'requires_action' ? 'requires_action' : 'requires_payment_method')
    if (payment === 'requires_action') core.emit('invoice.payment_action_required', invoice)
    const unpaid = toWire(subscription)
    subscription.status = 'past_due'
    core.emit('customer.subscription.updated', subscription, previousAttributes(unpaid, subscription))
  }
  return subscription
}

/**
 * `trial_end=now` "ends the customer's trial immediately": the cycle restarts now and the first period is invoiced
 * and charged at once (https://docs.stripe.com/billing/subscriptions/trials#ending-trials-early).
 */
function endTrialNow(core: Core, subscription: Stripe.Subscription, now: number): Stripe.Subscription {
  if (subscription.status !== 'trialing') throw invalid('This subscription is not in a trial.', 'trial_end')
  const item = itemOf(subscription)
  const recurring = item.price.recurring
  if (!recurring) throw invalid('This subscription has no recurring price.', 'trial_end')
  refuseOverSubscriptionLimits(core, subscription, { createsInvoice: true })
  const before = toWire(subscription)
  item.current_period_start = now
  item.current_period_end = addInterval(now, recurring.interval, recurring.interval_count)
  subscription.billing_cycle_anchor = now
  subscription.trial_end = now
  subscription.status = 'active'
  const invoice = createInvoice(core, subscription, 'subscription_update', { item, amount: amountOf(item), periodStart: now, periodEnd: item.current_period_end })
  subscription.latest_invoice = invoice.id
  core.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription))
  core.emit('invoice.created', invoice)
  payInvoice(core, invoice)
  return subscription
}

/** How the customer's saved card answers a charge (set with `double.setCard`); nothing to charge always succeeds. */
function paymentOutcome(core: Core, subscription: Stripe.Subscription, lines: readonly { amount: number }[]): CardOutcome {
  if (lines.reduce((sum, line) => sum + line.amount, 0) <= 0) return 'succeeds'
  const customer = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
  return core.cards.get(customer) ?? 'succeeds'
}

/**
 * A declined card answers 402 `card_error` / `card_declined` with `decline_code: generic_decline`, what Stripe's
 * generic declined test card answers (https://docs.stripe.com/declines/codes, https://docs.stripe.com/testing#declined-payments); a charge
 * that needs 3D Secure answers 402 `invoice_payment_intent_requires_action` ("This payment requires additional
 * user action before it can be completed successfully", https://docs.stripe.com/error-codes#invoice-payment-intent-requires-action).
 */
function paymentError(outcome: Exclude<CardOutcome, 'succeeds'>): ApiError {
  if (outcome === 'declined') return new ApiError(402, 'card_error', 'Your card was declined.', 'card_declined', undefined, 'generic_decline')
  return new ApiError(
    402,
    'card_error',
    'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.',
    'invoice_payment_intent_requires_action',
  )
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
  // A subscription a schedule manages takes its cancellation from the schedule: "updating any cancelation behavior
  // directly is not allowed" (https://docs.stripe.com/billing/subscriptions/subscription-schedules#updating).
  if (subscription.schedule && (params.cancel_at !== undefined || params.cancel_at_period_end !== undefined)) {
    const scheduleId = typeof subscription.schedule === 'string' ? subscription.schedule : subscription.schedule.id
    throw invalid(
      `The subscription is managed by the subscription schedule \`${scheduleId}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
      params.cancel_at !== undefined ? 'cancel_at' : 'cancel_at_period_end',
    )
  }
  const cancelAtPeriodEnd = read.optionalBoolean(params, 'cancel_at_period_end')
  const cancelAt = params.cancel_at === '' ? null : read.optionalInteger(params, 'cancel_at')
  if (cancelAtPeriodEnd && cancelAt) throw invalid('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at')
  const change: SubscriptionChange = {
    cancelAtPeriodEnd,
    cancelAt,
    prorationBehavior: read.oneOf(params, 'proration_behavior', PRORATION_BEHAVIORS),
    prorationDate: params.proration_date === undefined ? undefined : readProrationDate(core, itemOf(subscription), read.optionalInteger(params, 'proration_date'), 'proration_date'),
    paymentBehavior: read.oneOf(params, 'payment_behavior', PAYMENT_BEHAVIORS),
    endTrialNow: readTrialEnd(params),
    ...readCancellationDetails(params),
    pause: readPauseFields(params),
  }
  if (params.metadata !== undefined) change.metadata = read.applyMetadata(subscription.metadata, params)
  const items = read.optionalArray(params, 'items') ?? []
  if (items.length > 1) throw valueNotModelled('The Stripe sandbox models single-item subscriptions only.', 'items')
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

/** Only `trial_end=now` is modelled; a timestamp (extending or shortening the trial) is refused as unmodelled. */
function readTrialEnd(params: Params): boolean | undefined {
  const value = read.optionalString(params, 'trial_end')
  if (value === undefined) return undefined
  if (value !== 'now') throw valueNotModelled('The Stripe sandbox models trial_end=now only.', 'trial_end')
  return true
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
    params: [
      'cancel_at',
      'cancel_at_period_end',
      'cancellation_details[comment]',
      'cancellation_details[feedback]',
      'items[][id]',
      'items[][price]',
      'items[][quantity]',
      'metadata',
      'pause_collection',
      'payment_behavior',
      'proration_behavior',
      'proration_date',
      'trial_end',
      'trial_settings[end_behavior][missing_payment_method]',
    ],
    handle: ({ core, params, args: [id = ''] }) => {
      const subscription = requireSubscription(core, id)
      const change = readChange(core, subscription, params)
      // Pending updates (https://docs.stripe.com/billing/subscriptions/pending-updates) are not modelled.
      if (change.paymentBehavior === 'pending_if_incomplete' || change.paymentBehavior === 'default_incomplete') {
        throw valueNotModelled(`The Stripe sandbox does not model payment_behavior=${change.paymentBehavior} on an update.`, 'payment_behavior')
      }
      return changeSubscription(core, subscription, change)
    },
  },
  {
    method: 'DELETE',
    path: '/v1/subscriptions/:id',
    // https://docs.stripe.com/api/subscriptions/cancel: `invoice_now` bills pending usage and prorations at once,
    // `prorate` credits the unused time. The double bills neither, so it accepts them only as false (their default).
    params: ['cancellation_details[comment]', 'invoice_now', 'prorate'],
    handle: ({ core, params, args: [id = ''] }) => {
      for (const flag of ['invoice_now', 'prorate'] as const) {
        if (read.optionalBoolean(params, flag)) throw valueNotModelled(`The Stripe sandbox does not model \`${flag}=true\` on a cancellation.`, flag)
      }
      const details = read.optionalObject(params, 'cancellation_details') ?? {}
      return cancelNow(core, requireSubscription(core, id), read.nullableString(details, 'comment', 'cancellation_details[comment]'))
    },
  },
]
