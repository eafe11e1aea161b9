// `POST /v1/subscription_schedules/:id`: replacing a schedule's phases. A change to the current phase's price or
// quantity applies now, prorated as the request's `proration_behavior` says; a phase whose `end_date` falls inside
// the period changes the price then (schedule-transitions.ts).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { addInterval } from '../core/time'
import { invalid } from '../door/errors'
import { isParams, type Params } from '../door/form-encoding'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { PRORATION_BEHAVIORS } from './prorations'
import { changeSubscription, requireSubscribablePrice } from './subscription-changes'
import { advanceSchedule, scheduleNextSwitch } from './schedule-transitions'
import { phase, requireSchedule, requireUpdatable, subscriptionIdOf, type PhaseTerms } from './subscription-schedules'
import { changesToItems, refuseMixedIntervals } from './item-changes'
import { isMetered, itemOf, requireSubscription, type NewItem } from './subscriptions'

/** The phase fields the double acts on; any other is refused rather than silently dropped. */
const PHASE_FIELDS = ['items', 'start_date', 'end_date', 'duration', 'proration_behavior']
const ITEM_FIELDS = ['price', 'quantity']

/**
 * Replaces the phases (https://docs.stripe.com/api/subscription_schedules/update#update_subscription_schedule-phases):
 * the first is the current one, whose start cannot move ("You can not modify the start date of the current
 * phase"); each ends at its `end_date` (`now` ends the current one at once) or after its `duration`, and the next
 * starts there ("the end_date of one phase will always equal the start_date of the next phase"). A current phase
 * on another price or quantity changes the subscription now: "If the update changes the billing configuration
 * (item price, quantity, etc.) of the current phase, indicates how prorations from this change should be handled.
 * The default value is create_prorations" (`proration_behavior`, the pinned SDK's SubscriptionScheduleUpdateParams).
 */
function updatePhases(core: Core, schedule: Stripe.SubscriptionSchedule, params: Params): Stripe.SubscriptionSchedule {
  requireUpdatable(schedule)
  const subscription = requireSubscription(core, subscriptionIdOf(schedule) ?? '')
  const entries = read.optionalArray(params, 'phases')
  const prorationBehavior = read.oneOf(params, 'proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations'
  const endBehavior = read.oneOf(params, 'end_behavior', ['release', 'cancel'] as const)
  if (endBehavior === 'cancel') throw invalid('The Stripe double models end_behavior=release only.', 'end_behavior')
  if (params.metadata !== undefined) schedule.metadata = read.applyMetadata(schedule.metadata ?? {}, params)
  if (endBehavior) schedule.end_behavior = endBehavior
  if (!entries) {
    core.emit('subscription_schedule.updated', schedule)
    return schedule
  }
  const current = schedule.current_phase
  if (!current) throw invalid('This schedule has no current phase.', 'phases')
  const terms = readPhases(core, subscription, entries, current.start_date)
  const first = terms[0]
  if (!first) throw invalid('A schedule needs at least one phase.', 'phases')
  schedule.phases = terms.map((entry) => phase(subscription, entry))
  schedule.current_phase = { start_date: first.start, end_date: first.end }
  const diff = changesToItems(subscription, first.items)
  if (diff.price || diff.quantity !== undefined || diff.metered.length > 0) changeSubscription(core, subscription, { ...diff, prorationBehavior })
  core.emit('subscription_schedule.updated', schedule)
  scheduleNextSwitch(core, schedule)
  // `end_date=now` on the current phase: the next one starts at once.
  advanceSchedule(core, subscription, Math.min(core.now(), itemOf(subscription).current_period_end - 1))
  return schedule
}

function readPhases(core: Core, subscription: Stripe.Subscription, entries: unknown[], currentStart: number): PhaseTerms[] {
  let start = currentStart
  return entries.map((entry, index) => {
    const at = `phases[${index}]`
    if (!isParams(entry)) throw invalid('Invalid object', at)
    refuseUnmodelled(entry, PHASE_FIELDS, at)
    const given = read.optionalInteger(entry, 'start_date', `${at}[start_date]`)
    if (given !== undefined && given !== start) {
      if (index === 0) throw invalid('You can not modify the start date of the current phase.', `${at}[start_date]`)
      throw invalid('The start_date of a phase must equal the end_date of the phase before it.', `${at}[start_date]`)
    }
    const items = readPhaseItems(core, subscription, entry, at)
    const end = phaseEnd(core, entry, start, items[0]?.price, at, index === 0)
    const prorationBehavior = read.oneOf(entry, 'proration_behavior', PRORATION_BEHAVIORS, `${at}[proration_behavior]`) ?? 'create_prorations'
    const terms = { items, start, end, prorationBehavior }
    start = end
    return terms
  })
}

function phaseEnd(core: Core, entry: Params, start: number, price: Stripe.Price | undefined, at: string, isCurrent: boolean): number {
  if (isCurrent && entry.end_date === 'now') return core.now()
  const end = read.optionalInteger(entry, 'end_date', `${at}[end_date]`)
  if (end !== undefined) {
    if (end <= start) throw invalid('The end_date of a phase must be after its start.', `${at}[end_date]`)
    if (isCurrent && end < core.now()) throw invalid('The end_date of the current phase must be in the future; pass `now` to end it at once.', `${at}[end_date]`)
    return end
  }
  const duration = read.optionalObject(entry, 'duration', `${at}[duration]`)
  const recurring = price?.recurring
  if (!duration) return addInterval(start, recurring?.interval ?? 'month', recurring?.interval_count ?? 1) // one iteration, Stripe's default
  const interval = read.oneOf(duration, 'interval', ['day', 'week', 'month', 'year'] as const, `${at}[duration][interval]`) ?? 'month'
  return addInterval(start, interval, read.optionalInteger(duration, 'interval_count', `${at}[duration][interval_count]`) ?? 1)
}

/**
 * A phase's items: every item the subscription has during the phase (https://docs.stripe.com/api/subscription_schedules/update#update_subscription_schedule-phases-items),
 * as a subscription takes them: a metered price without quantity, no price twice, one interval (item-changes.ts); the
 * sandbox models one licensed item per phase beside metered ones.
 */
function readPhaseItems(core: Core, subscription: Stripe.Subscription, entry: Params, at: string): NewItem[] {
  const entries = read.optionalArray(entry, 'items', `${at}[items]`) ?? []
  if (entries.length === 0) throw invalid('A phase needs at least one item.', `${at}[items]`, 'parameter_missing')
  const items = entries.map((raw, index) => {
    const path = `${at}[items][${index}]`
    if (!isParams(raw)) throw invalid('Invalid object', path)
    refuseUnmodelled(raw, ITEM_FIELDS, path)
    const price = requireSubscribablePrice(core, read.requiredString(raw, 'price', `${path}[price]`), `${path}[price]`, subscription.currency)
    const given = read.optionalInteger(raw, 'quantity', `${path}[quantity]`)
    if (isMetered(price) && given !== undefined) throw invalid('Quantity should not be defined when `recurring.usage_type=metered`.', `${path}[quantity]`)
    return { price, quantity: isMetered(price) ? null : (given ?? 1) }
  })
  if (items.filter((item) => !isMetered(item.price)).length > 1) throw invalid('The Stripe double supports phases with one licensed item beside metered ones.', `${at}[items]`)
  const ids = items.map((item) => item.price.id)
  if (new Set(ids).size !== ids.length) throw invalid('A phase cannot have the same price twice.', `${at}[items]`)
  refuseMixedIntervals(items.map((item) => item.price), `${at}[items]`)
  return items
}

function refuseUnmodelled(fields: Params, modelled: readonly string[], at: string): void {
  const other = Object.keys(fields).find((key) => !modelled.includes(key))
  if (other) throw invalid(`The Stripe double does not model ${at}[${other}].`, `${at}[${other}]`)
}

export const schedulePhaseRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id',
    params: ['phases', 'end_behavior', 'proration_behavior', 'metadata'],
    handle: ({ core, params, args: [id = ''] }) => updatePhases(core, requireSchedule(core, id), params),
  },
]
