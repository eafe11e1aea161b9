// Subscription schedules made from an existing subscription, as an app schedules a change: create
// `from_subscription`, release or cancel it (https://docs.stripe.com/billing/subscriptions/subscription-schedules).
// Its phase changes are schedule-transitions.ts; updating the phases is schedule-phases.ts.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { previousAttributes } from '../core/events'
import { newId } from '../core/ids'
import { unschedule } from '../core/scheduled-work'
import { toWire } from '../core/wire'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import type { ProrationBehavior } from './prorations'
import { cancelNow } from './subscription-cancel'
import { isLive, isMetered, itemOf, type NewItem } from './subscriptions'

export const priceIdOf = (price: Stripe.SubscriptionSchedule.Phase.Item['price']) => (typeof price === 'string' ? price : price.id)
export const subscriptionIdOf = (schedule: Stripe.SubscriptionSchedule) =>
  schedule.subscription === null ? null : typeof schedule.subscription === 'string' ? schedule.subscription : schedule.subscription.id

/** The kind of scheduled work that switches a schedule's phase (schedule-transitions.ts); released or canceled, none is left. */
export const SWITCH_PHASE = 'switch-schedule-phase'

/** A phase's items (a metered price's without quantity), its dates and how its changes prorate. */
export type PhaseTerms = { items: readonly NewItem[]; start: number; end: number; prorationBehavior: ProrationBehavior }

export function phase(subscription: Stripe.Subscription, terms: PhaseTerms): Stripe.SubscriptionSchedule.Phase {
  const { items, start, end } = terms
  const trialEnd = subscription.status === 'trialing' ? subscription.trial_end : null
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency: items[0]?.price.currency ?? subscription.currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: end,
    invoice_settings: null,
    items: items.map(({ price, quantity }) => ({
      billing_thresholds: null,
      discounts: [],
      metadata: {},
      plan: price.id,
      price: price.id,
      ...(quantity !== null && { quantity }),
      tax_rates: [],
    })),
    metadata: {},
    on_behalf_of: null,
    proration_behavior: terms.prorationBehavior,
    start_date: start,
    transfer_data: null,
    trial: trialEnd !== null && end <= trialEnd,
    trial_end: trialEnd !== null && start < trialEnd ? trialEnd : null,
  }
}

/**
 * `from_subscription`: "a subscription schedule will be created using the subscription's item(s), set to
 * auto-renew using the subscription's interval. When using this parameter, other parameters (such as phase
 * values) cannot be set" (https://docs.stripe.com/api/subscription_schedules/create#create_subscription_schedule-from_subscription).
 * The one phase is the current period; the subscription's `schedule` names it, so customer.subscription.updated follows.
 */
function createFromSubscription(core: Core, params: Params): Stripe.SubscriptionSchedule {
  const subscriptionId = read.requiredString(params, 'from_subscription')
  const other = Object.keys(params).find((key) => key !== 'from_subscription' && key !== 'expand')
  if (other) throw invalid(`You cannot set \`${other}\` if \`from_subscription\` is set.`, other)
  const subscription = core.subscriptions.get(subscriptionId)
  if (!subscription) throw noSuch('subscription', subscriptionId, 'from_subscription')
  if (!isLive(subscription)) throw invalid(`You cannot migrate a subscription that is ${subscription.status}.`, 'from_subscription')
  if (subscription.schedule) {
    const existing = typeof subscription.schedule === 'string' ? subscription.schedule : subscription.schedule.id
    throw invalid(`You cannot migrate a subscription that is already attached to a schedule: \`${existing}\`.`, 'from_subscription')
  }
  const item = itemOf(subscription)
  const now = core.now()
  const customer = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
  const items = subscription.items.data.map((each) => ({ price: each.price, quantity: isMetered(each.price) ? null : (each.quantity ?? 1) }))
  const terms = { items, start: item.current_period_start, end: item.current_period_end, prorationBehavior: 'create_prorations' as const }
  const schedule: Stripe.SubscriptionSchedule = {
    id: newId('sub_sched_'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: { start_date: item.current_period_start, end_date: item.current_period_end },
    customer,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      billing_cycle_anchor: 'automatic',
      billing_thresholds: null,
      collection_method: 'charge_automatically',
      default_payment_method: null,
      description: null,
      invoice_settings: { account_tax_ids: null, custom_fields: null, days_until_due: null, description: null, footer: null, issuer: { type: 'self' } },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: 'release',
    livemode: false,
    metadata: {},
    pause_schedules: [],
    phases: [phase(subscription, terms)],
    released_at: null,
    released_subscription: null,
    status: 'active',
    subscription: subscription.id,
    test_clock: subscription.test_clock,
  }
  core.subscriptionSchedules.set(schedule.id, schedule)
  const before = toWire(subscription)
  subscription.schedule = schedule.id
  core.emit('subscription_schedule.created', schedule)
  core.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription))
  return schedule
}

/** "A schedule can only be released if its status is not_started or active" (https://docs.stripe.com/api/subscription_schedules/release). */
export function requireUpdatable(schedule: Stripe.SubscriptionSchedule): void {
  if (schedule.status !== 'active' && schedule.status !== 'not_started') {
    throw invalid(`You cannot update a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in one of the following statuses: \`not_started\`, \`active\`.`)
  }
}

/**
 * Stops the schedule and leaves the subscription as it is now, without a schedule. `preserve_cancel_date` "keep[s]
 * any cancellation on the subscription that the schedule has set" (https://docs.stripe.com/api/subscription_schedules/release);
 * the double's schedules end by releasing (`end_behavior=cancel` is not modelled), so they never set one, and
 * releasing leaves `cancel_at` as it is either way.
 */
export function releaseSchedule(core: Core, schedule: Stripe.SubscriptionSchedule): Stripe.SubscriptionSchedule {
  requireUpdatable(schedule)
  const subscriptionId = subscriptionIdOf(schedule)
  unschedule(core, SWITCH_PHASE, schedule.id)
  schedule.status = 'released'
  schedule.released_at = core.now()
  schedule.released_subscription = subscriptionId
  schedule.subscription = null
  schedule.current_phase = null
  core.emit('subscription_schedule.released', schedule)
  const subscription = subscriptionId ? core.subscriptions.get(subscriptionId) : undefined
  if (subscription) {
    const before = toWire(subscription)
    subscription.schedule = null
    core.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription))
  }
  return schedule
}

/**
 * "Cancels a subscription schedule and its associated subscription immediately"; `invoice_now` ("a final invoice
 * … that contains any un-invoiced metered usage and new/pending proration invoice items") and `prorate` both
 * default to true (https://docs.stripe.com/api/subscription_schedules/cancel).
 */
function cancelSchedule(core: Core, schedule: Stripe.SubscriptionSchedule, params: Params): Stripe.SubscriptionSchedule {
  const invoiceNow = read.optionalBoolean(params, 'invoice_now') ?? true
  const prorate = read.optionalBoolean(params, 'prorate') ?? true
  requireUpdatable(schedule)
  const subscriptionId = subscriptionIdOf(schedule)
  unschedule(core, SWITCH_PHASE, schedule.id)
  schedule.status = 'canceled'
  schedule.canceled_at = core.now()
  schedule.current_phase = null
  core.emit('subscription_schedule.canceled', schedule)
  const subscription = subscriptionId ? core.subscriptions.get(subscriptionId) : undefined
  if (subscription && isLive(subscription)) cancelNow(core, subscription, { invoiceNow, prorate })
  return schedule
}

export function scheduleOf(core: Core, subscription: Stripe.Subscription): Stripe.SubscriptionSchedule | undefined {
  const id = typeof subscription.schedule === 'string' ? subscription.schedule : subscription.schedule?.id
  return id ? core.subscriptionSchedules.get(id) : undefined
}

export function requireSchedule(core: Core, id: string): Stripe.SubscriptionSchedule {
  const schedule = core.subscriptionSchedules.get(id)
  if (!schedule) throw noSuch('subscription_schedule', id)
  return schedule
}

export const subscriptionScheduleRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/subscription_schedules',
    params: ['from_subscription', 'customer', 'phases', 'end_behavior', 'start_date', 'metadata', 'default_settings'],
    handle: ({ core, params }) => {
      if (params.from_subscription === undefined) throw invalid('The Stripe double models schedules created with `from_subscription` only.', 'from_subscription')
      return createFromSubscription(core, params)
    },
  },
  { method: 'GET', path: '/v1/subscription_schedules/:id', params: [], handle: ({ core, args: [id = ''] }) => requireSchedule(core, id) },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/release',
    params: ['preserve_cancel_date'],
    handle: ({ core, params, args: [id = ''] }) => {
      read.optionalBoolean(params, 'preserve_cancel_date')
      return releaseSchedule(core, requireSchedule(core, id))
    },
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/cancel',
    params: ['invoice_now', 'prorate'],
    handle: ({ core, params, args: [id = ''] }) => cancelSchedule(core, requireSchedule(core, id), params),
  },
]
