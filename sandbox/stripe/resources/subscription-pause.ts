// Paused subscriptions (status `paused`) and paused collection (`pause_collection` on a subscription that stays
// active). Two different things, as Stripe insists
// (https://docs.stripe.com/billing/subscriptions/pause): a paused subscription makes no invoices and grants
// nothing until resumed; pause_collection keeps the subscription active and only changes what happens to its
// invoices (https://docs.stripe.com/billing/subscriptions/pause-payment).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import { previousAttributes } from '../core/events'
import type { Params } from '../door/form-encoding'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { addInterval } from '../core/time'
import { toWire } from '../core/wire'
import { createInvoice, payInvoice } from './invoices'
import { advanceLines, itemOf, requireSubscription } from './subscriptions'
import { refuseOverSubscriptionLimits } from './subscription-limits'

type PauseReason = Stripe.Subscription.StatusDetails.Paused.Subscription.Type

const COLLECTION_BEHAVIORS = ['keep_as_draft', 'mark_uncollectible', 'void'] as const

function emitChange(core: Core, subscription: Stripe.Subscription, before: object): void {
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
}

function enterPaused(core: Core, subscription: Stripe.Subscription, reason: PauseReason): Stripe.Subscription {
  const before = toWire(subscription)
  subscription.status = 'paused'
  subscription.status_details = { paused: { subscription: { type: reason }, transitioned_at: core.now(), type: 'subscription' } }
  emitChange(core, subscription, before)
  // Sent only when a subscription enters status=paused, never for pause_collection
  // (https://docs.stripe.com/api/events/types#event_types-customer.subscription.paused).
  core.emit('customer.subscription.paused', subscription)
  return subscription
}

/**
 * POST /v1/subscriptions/:id/pause (https://docs.stripe.com/api/subscriptions/pause). Only an active subscription
 * on flexible billing mode with no schedule can pause (https://docs.stripe.com/billing/subscriptions/pause#limitations).
 * Not modeled: the credit for unused time (`bill_for`) as a pending invoice item.
 */
function pause(core: Core, id: string, params: Params): Stripe.Subscription {
  const subscription = requireSubscription(core, id)
  read.oneOf(params, 'type', ['subscription'] as const)
  if (subscription.status !== 'active') {
    throw invalid(`Only active subscriptions can be paused. This subscription's status is ${subscription.status}.`, undefined, 'status_transition_invalid')
  }
  if (subscription.billing_mode.type !== 'flexible') throw invalid('Pausing a subscription requires billing_mode[type]=flexible.')
  if (subscription.schedule) throw invalid('You cannot pause a subscription that has a subscription schedule attached.')
  return enterPaused(core, subscription, 'pause_requested')
}

/**
 * POST /v1/subscriptions/:id/resume (https://docs.stripe.com/api/subscriptions/resume): only a paused,
 * charge_automatically subscription. With `billing_cycle_anchor[type]=now` (the default) a new period starts
 * today and its invoice is finalized and charged at once; `unchanged` keeps the old period. Not modeled: a
 * resumption payment that fails (the double's customers always pay), proration for `unchanged`.
 */
function resume(core: Core, id: string, params: Params): Stripe.Subscription {
  const subscription = requireSubscription(core, id)
  const anchor = read.optionalObject(params, 'billing_cycle_anchor')
  const anchorType = anchor ? read.oneOf(anchor, 'type', ['now', 'unchanged'] as const, 'billing_cycle_anchor[type]') : 'now'
  read.oneOf(params, 'payment_behavior', ['resume_on_payment_attempt', 'resume_on_payment_success'] as const)
  if (subscription.status !== 'paused') {
    throw invalid(`Only paused subscriptions can be resumed. This subscription's status is ${subscription.status}.`, undefined, 'status_transition_invalid')
  }
  if (subscription.collection_method !== 'charge_automatically') throw invalid('Resume is only available for subscriptions with collection_method=charge_automatically.')
  refuseOverSubscriptionLimits(core, subscription, { createsInvoice: anchorType === 'now' })
  const before = toWire(subscription)
  const item = itemOf(subscription)
  const now = core.now()
  let invoice: Stripe.Invoice | undefined
  if (anchorType === 'now') {
    const recurring = item.price.recurring
    if (!recurring) throw new Error(`subscription ${id} has a non-recurring price`)
    const end = addInterval(now, recurring.interval, recurring.interval_count)
    for (const each of subscription.items.data) {
      each.current_period_start = now
      each.current_period_end = end
    }
    subscription.billing_cycle_anchor = now
    const lines = advanceLines(subscription, now, end)
    invoice = createInvoice(core, subscription, 'subscription_cycle', lines.length > 0 ? lines : { item, amount: 0, periodStart: now, periodEnd: end })
    subscription.latest_invoice = invoice.id
  }
  subscription.status = 'active'
  delete subscription.status_details
  emitChange(core, subscription, before)
  core.emit('customer.subscription.resumed', subscription)
  if (invoice) {
    core.emit('invoice.created', invoice)
    payInvoice(core, invoice)
  }
  return subscription
}

/**
 * A trial ends with no payment method on file: `trial_settings.end_behavior.missing_payment_method` decides
 * between pausing, canceling, or invoicing anyway (https://docs.stripe.com/billing/subscriptions/trials/free-trials#create-free-trials-without-payment).
 * Returns false for `create_invoice`, so the caller runs the ordinary trial end (an invoice that cannot be paid).
 */
export function endTrialWithoutPaymentMethod(core: Core, subscription: Stripe.Subscription): boolean {
  const behavior = subscription.trial_settings?.end_behavior.missing_payment_method
  if (behavior === 'pause') {
    enterPaused(core, subscription, 'trial_end_without_payment_method')
    return true
  }
  if (behavior === 'cancel') {
    const now = core.now()
    subscription.status = 'canceled'
    subscription.canceled_at = now
    subscription.ended_at = now
    subscription.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: 'cancellation_requested' }
    core.emit('customer.subscription.deleted', subscription)
    return true
  }
  return false
}

/**
 * `pause_collection` and `trial_settings` on POST /v1/subscriptions/:id. `pause_collection=''` resumes
 * collection; a behavior outside Stripe's three is refused (https://docs.stripe.com/api/subscriptions/update#update_subscription-pause_collection).
 * Returns the fields to apply, or undefined when the request sets neither.
 */
export function readPauseFields(params: Params): Partial<Pick<Stripe.Subscription, 'pause_collection' | 'trial_settings'>> {
  const fields: Partial<Pick<Stripe.Subscription, 'pause_collection' | 'trial_settings'>> = {}
  if (params.pause_collection === '') fields.pause_collection = null
  else {
    const pauseCollection = read.optionalObject(params, 'pause_collection')
    if (pauseCollection) {
      const behavior = read.oneOf(pauseCollection, 'behavior', COLLECTION_BEHAVIORS, 'pause_collection[behavior]')
      if (!behavior) throw invalid('Missing required param: pause_collection[behavior].', 'pause_collection[behavior]', 'parameter_missing')
      const resumesAt = read.optionalInteger(pauseCollection, 'resumes_at', 'pause_collection[resumes_at]') ?? null
      fields.pause_collection = { behavior, resumes_at: resumesAt }
    }
  }
  const trialSettings = read.optionalObject(params, 'trial_settings')
  if (trialSettings) {
    const endBehavior = read.optionalObject(trialSettings, 'end_behavior', 'trial_settings[end_behavior]') ?? {}
    const missing = read.oneOf(endBehavior, 'missing_payment_method', ['cancel', 'create_invoice', 'pause'] as const, 'trial_settings[end_behavior][missing_payment_method]')
    if (!missing) throw invalid('Missing required param: trial_settings[end_behavior][missing_payment_method].', 'trial_settings[end_behavior][missing_payment_method]', 'parameter_missing')
    fields.trial_settings = { end_behavior: { billing_cycle_anchor: null, missing_payment_method: missing } }
  }
  return fields
}

export const subscriptionPauseRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/subscriptions/:id/pause',
    // `bill_for` and `invoicing_behavior` (the credit for unused time) are not modelled: the door refuses them.
    params: ['type'],
    handle: ({ core, params, args: [id = ''] }) => pause(core, id, params),
  },
  {
    method: 'POST',
    path: '/v1/subscriptions/:id/resume',
    // A resumption payment always succeeds here, so both `payment_behavior` values end as Stripe's do on success.
    // `proration_behavior` and `proration_date` (for `billing_cycle_anchor=unchanged`) are not modelled.
    params: ['billing_cycle_anchor', 'payment_behavior'],
    handle: ({ core, params, args: [id = ''] }) => resume(core, id, params),
  },
]
