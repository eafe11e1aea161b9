// A schedule's phase changes, when their time comes: at a period's end, before the renewal bills, or inside a period
// when the account's clock passes the phase's end (scheduled work, core/scheduled-work.ts)
// (https://docs.stripe.com/billing/subscriptions/subscription-schedules).
import type Stripe from 'stripe'
import type { Core, ScheduledWork } from '../core/core'
import { previousAttributes } from '../core/events'
import { registerWork, schedule as scheduleWork, unschedule } from '../core/scheduled-work'
import { toWire } from '../core/wire'
import { planFromPrice } from './prices'
import { PRORATION_BEHAVIORS } from './prorations'
import { changesToItems } from './item-changes'
import { applyMeteredChanges, changeSubscription } from './subscription-changes'
import { priceIdOf, releaseSchedule, scheduleOf, subscriptionIdOf, SWITCH_PHASE } from './subscription-schedules'
import { isLive, itemOf } from './subscriptions'

/**
 * Carries out every phase change due by `upTo` (by default the current period's end, before its renewal bills), in
 * order; after the last phase, end_behavior=release releases the subscription
 * (https://docs.stripe.com/billing/subscriptions/subscription-schedules#completing). A phase that starts at the
 * period's end changes the price for the renewal that follows: nothing to prorate. One that starts inside the
 * period changes it then, prorated as that phase's `proration_behavior` says ("When transitioning phases, controls
 * how prorations are handled", the pinned SDK's Phase type): the same change as an update made at that moment.
 */
export function advanceSchedule(core: Core, subscription: Stripe.Subscription, upTo = itemOf(subscription).current_period_end): void {
  for (;;) {
    const schedule = scheduleOf(core, subscription)
    const current = schedule?.current_phase
    if (!schedule || !current || current.end_date > upTo) return
    const next = schedule.phases[schedule.phases.findIndex((candidate) => candidate.start_date === current.start_date) + 1]
    if (!next) return void releaseSchedule(core, schedule)
    enterPhase(core, subscription, schedule, next)
    scheduleNextSwitch(core, schedule)
  }
}

function enterPhase(core: Core, subscription: Stripe.Subscription, schedule: Stripe.SubscriptionSchedule, next: Stripe.SubscriptionSchedule.Phase): void {
  const targets = next.items.map((entry) => {
    const price = core.prices.get(priceIdOf(entry.price))
    if (!price) throw new Error(`schedule ${schedule.id} has a phase without a known price`)
    return { price, quantity: entry.quantity ?? null }
  })
  if (targets.length === 0) throw new Error(`schedule ${schedule.id} has a phase without items`)
  const diff = changesToItems(subscription, targets)
  const item = itemOf(subscription)
  schedule.current_phase = { start_date: next.start_date, end_date: next.end_date }
  core.emit('subscription_schedule.updated', schedule)
  if (next.start_date < item.current_period_end) {
    const at = Math.max(next.start_date, item.current_period_start)
    const prorationBehavior = PRORATION_BEHAVIORS.find((behavior) => behavior === next.proration_behavior) ?? 'create_prorations'
    changeSubscription(core, subscription, { ...diff, prorationBehavior, prorationDate: at }, at)
    return
  }
  const before = toWire(subscription)
  const oldInterval = item.price.recurring?.interval
  if (diff.price) {
    item.price = diff.price
    item.plan = planFromPrice(diff.price)
  }
  if (diff.quantity !== undefined) item.quantity = diff.quantity
  // At the period's end nothing is prorated: the renewal that follows bills the phase's items (metered ones from here).
  applyMeteredChanges(core, subscription, diff.metered, next.start_date, item.current_period_end)
  // A new interval anchors the cycle where the phase starts (https://docs.stripe.com/billing/subscriptions/billing-cycle#changing).
  if (item.price.recurring && item.price.recurring.interval !== oldInterval) subscription.billing_cycle_anchor = next.start_date
  core.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription))
}

/** At start-up: the runner of the phase changes this module puts on the account's clock. */
export function registerSchedulePhases(core: Core): void {
  registerWork(core, SWITCH_PHASE, switchDuePhase)
}

/**
 * Puts the current phase's end on the account's clock (core/scheduled-work.ts), replacing what was there: a change
 * inside a period happens when the clock passes it. One at a period's end waits for that renewal, which carries it
 * out first, so its work finds nothing to do.
 */
export function scheduleNextSwitch(core: Core, schedule: Stripe.SubscriptionSchedule): void {
  unschedule(core, SWITCH_PHASE, schedule.id)
  if (schedule.status === 'active' && schedule.current_phase) scheduleWork(core, { at: schedule.current_phase.end_date, kind: SWITCH_PHASE, subject: schedule.id })
}

function switchDuePhase(core: Core, work: ScheduledWork): void {
  const schedule = core.subscriptionSchedules.get(work.subject)
  const subscription = schedule ? core.subscriptions.get(subscriptionIdOf(schedule) ?? '') : undefined
  if (!subscription || !isLive(subscription) || subscription.status === 'paused') return
  advanceSchedule(core, subscription, Math.min(core.now(), itemOf(subscription).current_period_end - 1))
}
