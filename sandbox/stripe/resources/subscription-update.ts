// `POST /v1/subscriptions/:id`: what the request may say, read and checked as Stripe does, then handed to
// changeSubscription (subscription-changes.ts).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import type { Params } from '../door/form-encoding'
import * as read from '../door/params'
import { valueNotModelled } from '../door/not-modelled'
import type { ApiRoute } from '../door/router'
import { requireAttachedPaymentMethod } from './customers'
import { PRORATION_BEHAVIORS, readProrationDate } from './prorations'
import { readItemChanges } from './item-changes'
import { changeSubscription, PAYMENT_BEHAVIORS, type SubscriptionChange } from './subscription-changes'
import { readPauseFields } from './subscription-pause'
import { isLive, itemOf, requireSubscription } from './subscriptions'

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
  // "It must belong to the customer associated with the subscription" (the SDK's `default_payment_method`); '' unsets.
  const defaultMethod = read.nullableString(params, 'default_payment_method')
  if (defaultMethod) requireAttachedPaymentMethod(core, String(subscription.customer), defaultMethod, 'default_payment_method')
  if (defaultMethod !== undefined) change.defaultPaymentMethod = defaultMethod
  const items = read.optionalArray(params, 'items')
  if (items !== undefined) Object.assign(change, readItemChanges(core, subscription, items, 'items'))
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

export const subscriptionUpdateRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/subscriptions/:id',
    params: [
      'cancel_at',
      'cancel_at_period_end',
      'cancellation_details[comment]',
      'cancellation_details[feedback]',
      'default_payment_method',
      'items[][id]',
      'items[][price]',
      'items[][quantity]',
      'items[][deleted]',
      'items[][clear_usage]',
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
]
