// Subscription schedules made from an existing subscription, as an app schedules a change for the period's end:
// create `from_subscription`, update its phases, release or cancel it, and the phase switch when the clock
// reaches the phase's end (https://docs.stripe.com/billing/subscriptions/subscription-schedules).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import { previousAttributes } from '../core/events'
import { isParams, type Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { addInterval } from '../core/time'
import { toWire } from '../core/wire'
import { planFromPrice } from './prices'
import { PRORATION_BEHAVIORS } from './prorations'
import { cancelNow, requireSubscribablePrice } from './subscription-changes'
import { isLive, itemOf, requireSubscription } from './subscriptions'

const priceIdOf = (price: Stripe.SubscriptionSchedule.Phase.Item['price']) => (typeof price === 'string' ? price : price.id)
const subscriptionIdOf = (schedule: Stripe.SubscriptionSchedule) =>
  schedule.subscription === null ? null : typeof schedule.subscription === 'string' ? schedule.subscription : schedule.subscription.id

function phase(core: Core, subscription: Stripe.Subscription, price: Stripe.Price, quantity: number, start: number, end: number): Stripe.SubscriptionSchedule.Phase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency: price.currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: end,
    invoice_settings: null,
    items: [{ billing_thresholds: null, discounts: [], metadata: {}, plan: price.id, price: price.id, quantity, tax_rates: [] }],
    metadata: {},
    on_behalf_of: null,
    proration_behavior: 'create_prorations',
    start_date: start,
    transfer_data: null,
    trial: subscription.status === 'trialing' && subscription.trial_end !== null && end <= subscription.trial_end,
    trial_end: subscription.status === 'trialing' && subscription.trial_end !== null && start < subscription.trial_end ? subscription.trial_end : null,
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
    phases: [phase(core, subscription, item.price, item.quantity ?? 1, item.current_period_start, item.current_period_end)],
    released_at: null,
    released_subscription: null,
    status: 'active',
    subscription: subscription.id,
    test_clock: null,
  }
  core.subscriptionSchedules.set(schedule.id, schedule)
  const before = toWire(subscription)
  subscription.schedule = schedule.id
  core.emit('subscription_schedule.created', schedule)
  core.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription))
  return schedule
}

/**
 * Replaces the phases. The current phase keeps its start ("You can not modify the start date of the current
 * phase"); each phase ends at its `end_date` or after its `duration`, and the next starts there
 * (https://docs.stripe.com/api/subscription_schedules/update#update_subscription_schedule-phases). Past and
 * current phases' prices stay as they are here: the double models changes from the next phase on.
 */
function updatePhases(core: Core, schedule: Stripe.SubscriptionSchedule, params: Params): Stripe.SubscriptionSchedule {
  requireUpdatable(schedule)
  const subscription = requireSubscription(core, subscriptionIdOf(schedule) ?? '')
  const entries = read.optionalArray(params, 'phases')
  read.oneOf(params, 'proration_behavior', PRORATION_BEHAVIORS)
  const endBehavior = read.oneOf(params, 'end_behavior', ['release', 'cancel'] as const)
  if (endBehavior === 'cancel') throw invalid('The Stripe double models end_behavior=release only.', 'end_behavior')
  if (params.metadata !== undefined) schedule.metadata = read.applyMetadata(schedule.metadata ?? {}, params)
  if (entries) {
    const current = schedule.current_phase
    if (!current) throw invalid('This schedule has no current phase.', 'phases')
    let start = current.start_date
    const phases = entries.map((entry, index) => {
      const at = `phases[${index}]`
      if (!isParams(entry)) throw invalid('Invalid object', at)
      const given = read.optionalInteger(entry, 'start_date', `${at}[start_date]`)
      if (index === 0 && given !== undefined && given !== current.start_date) throw invalid('You can not modify the start date of the current phase.', `${at}[start_date]`)
      const items = read.optionalArray(entry, 'items', `${at}[items]`) ?? []
      if (items.length !== 1 || !isParams(items[0])) throw invalid('The Stripe double supports phases with exactly one item.', `${at}[items]`)
      const price = requireSubscribablePrice(core, read.requiredString(items[0], 'price', `${at}[items][0][price]`), `${at}[items][0][price]`, subscription.currency)
      const quantity = read.optionalInteger(items[0], 'quantity', `${at}[items][0][quantity]`) ?? 1
      const end = phaseEnd(entry, start, price, at)
      const made = phase(core, subscription, price, quantity, start, end)
      start = end
      return made
    })
    if (phases.length === 0) throw invalid('A schedule needs at least one phase.', 'phases')
    schedule.phases = phases
    schedule.current_phase = { start_date: current.start_date, end_date: phases[0]?.end_date ?? current.end_date }
  }
  if (endBehavior) schedule.end_behavior = endBehavior
  core.emit('subscription_schedule.updated', schedule)
  return schedule
}

function phaseEnd(entry: Params, start: number, price: Stripe.Price, at: string): number {
  const end = read.optionalInteger(entry, 'end_date', `${at}[end_date]`)
  if (end !== undefined) {
    if (end <= start) throw invalid('The end_date of a phase must be after its start.', `${at}[end_date]`)
    return end
  }
  const duration = read.optionalObject(entry, 'duration', `${at}[duration]`)
  const recurring = price.recurring
  if (!duration) return addInterval(start, recurring?.interval ?? 'month', recurring?.interval_count ?? 1) // one iteration, Stripe's default
  const interval = read.oneOf(duration, 'interval', ['day', 'week', 'month', 'year'] as const, `${at}[duration][interval]`) ?? 'month'
  return addInterval(start, interval, read.optionalInteger(duration, 'interval_count', `${at}[duration][interval_count]`) ?? 1)
}

/** "A schedule can only be released if its status is not_started or active" (https://docs.stripe.com/api/subscription_schedules/release). */
function requireUpdatable(schedule: Stripe.SubscriptionSchedule): void {
  if (schedule.status !== 'active' && schedule.status !== 'not_started') {
    throw invalid(`You cannot update a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in one of the following statuses: \`not_started\`, \`active\`.`)
  }
}

/** Stops the schedule and leaves the subscription as it is now, without a schedule. */
export function releaseSchedule(core: Core, schedule: Stripe.SubscriptionSchedule): Stripe.SubscriptionSchedule {
  requireUpdatable(schedule)
  const subscriptionId = subscriptionIdOf(schedule)
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
 * At the end of the subscription's period: when the schedule's current phase ends there, the next phase's price
 * and quantity take over before the renewal invoices (so the renewal bills the new price); after the last phase,
 * end_behavior=release releases the subscription (https://docs.stripe.com/billing/subscriptions/subscription-schedules#completing).
 */
export function advanceSchedule(core: Core, subscription: Stripe.Subscription): void {
  const id = typeof subscription.schedule === 'string' ? subscription.schedule : subscription.schedule?.id
  const schedule = id ? core.subscriptionSchedules.get(id) : undefined
  const item = itemOf(subscription)
  if (!schedule?.current_phase || schedule.current_phase.end_date > item.current_period_end) return
  const index = schedule.phases.findIndex((p) => p.start_date === schedule.current_phase?.start_date)
  const next = schedule.phases[index + 1]
  if (!next) {
    releaseSchedule(core, schedule)
    return
  }
  const nextItem = next.items[0]
  const price = nextItem ? core.prices.get(priceIdOf(nextItem.price)) : undefined
  if (!nextItem || !price) throw new Error(`schedule ${schedule.id} has a phase without a known price`)
  const before = toWire(subscription)
  const oldInterval = item.price.recurring?.interval
  item.price = price
  item.plan = planFromPrice(price)
  item.quantity = nextItem.quantity ?? 1
  // A new interval anchors the cycle where the phase starts (https://docs.stripe.com/billing/subscriptions/billing-cycle#changing).
  if (price.recurring && price.recurring.interval !== oldInterval) subscription.billing_cycle_anchor = next.start_date
  schedule.current_phase = { start_date: next.start_date, end_date: next.end_date }
  core.emit('subscription_schedule.updated', schedule)
  core.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription))
}

function requireSchedule(core: Core, id: string): Stripe.SubscriptionSchedule {
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
    path: '/v1/subscription_schedules/:id',
    params: ['phases', 'end_behavior', 'proration_behavior', 'metadata'],
    handle: ({ core, params, args: [id = ''] }) => updatePhases(core, requireSchedule(core, id), params),
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/release',
    // `preserve_cancel_date` keeps a cancellation the schedule set; the double's schedules never set one.
    params: [],
    handle: ({ core, args: [id = ''] }) => releaseSchedule(core, requireSchedule(core, id)),
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/cancel',
    // "Cancels a subscription schedule and its associated subscription immediately"
    // (https://docs.stripe.com/api/subscription_schedules/cancel). `invoice_now` and `prorate` are not modelled.
    params: [],
    handle: ({ core, args: [id = ''] }) => {
      const schedule = requireSchedule(core, id)
      requireUpdatable(schedule)
      const subscriptionId = subscriptionIdOf(schedule)
      schedule.status = 'canceled'
      schedule.canceled_at = core.now()
      schedule.current_phase = null
      core.emit('subscription_schedule.canceled', schedule)
      const subscription = subscriptionId ? core.subscriptions.get(subscriptionId) : undefined
      if (subscription) cancelNow(core, subscription)
      return schedule
    },
  },
]
