// POST /v1/test_helpers/test_clocks/:id/advance (https://docs.stripe.com/api/test_clocks/advance): "Starts advancing a
// test clock to a specified time in the future. Advancement is done when status changes to Ready." The request is
// answered with the clock `advancing` (`test_helpers.test_clock.advancing`); the work runs after the answer, in time
// order, each piece at its own time, on the clock's objects only; then the clock is `ready` at the new time
// (`test_helpers.test_clock.ready`). Work that throws leaves it `internal_failure`: "Failed to advance time. Future
// requests to advance time will fail" (the object's `status`). Decision 0048.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { nextWork, runNextWork } from '../core/scheduled-work'
import { addInterval } from '../core/time'
import { invalid } from '../door/errors'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { isLive, itemOf } from '../resources/subscriptions'
import { requireTestClock, type TestClock } from '../resources/test-clocks'
import { nextDueOnClock } from './clock-cycle'

const DAY = 86_400

/** An interval's length, roughly, only to compare two subscriptions' intervals. */
function approximateSeconds(recurring: Stripe.Price.Recurring): number {
  const unit = recurring.interval === 'day' ? DAY : recurring.interval === 'week' ? 7 * DAY : recurring.interval === 'month' ? 30 * DAY : 365 * DAY
  return unit * recurring.interval_count
}

/**
 * How far one advance may go: "Cannot be more than two intervals in the future from the shortest subscription in
 * this test clock. If there are no subscriptions in this test clock, it cannot be more than two years in the future"
 * (the pinned SDK's `TestClockAdvanceParams.frozen_time`; "if you have a monthly subscription, you can only advance up
 * to two months at a time", https://docs.stripe.com/billing/testing/test-clocks/api-advanced-usage).
 */
export function furthestAdvance(core: Core, clock: TestClock): number {
  let shortest: Stripe.Price.Recurring | undefined
  for (const subscription of core.subscriptions.values()) {
    if (subscription.test_clock !== clock.id || !isLive(subscription)) continue
    const recurring = itemOf(subscription).price.recurring
    if (recurring && (!shortest || approximateSeconds(recurring) < approximateSeconds(shortest))) shortest = recurring
  }
  return shortest ? addInterval(clock.frozen_time, shortest.interval, 2 * shortest.interval_count) : addInterval(clock.frozen_time, 'year', 2)
}

/**
 * Moves the clock to `target`, running everything due on it by then, earliest first: its queued work (a draft's hour,
 * a session's expiry, a schedule's phase) and what its subscriptions have due (flows/clock-cycle.ts), each with the
 * clock at its own time, so the objects and events it makes are dated then. Work due the same second as queued work
 * runs after it. Something due that does not move on when run would run forever: that is the sandbox's bug, thrown.
 */
export function advanceTestClock(core: Core, clock: TestClock, target: number): void {
  core.onClock(clock.id, () => {
    let previous = ''
    for (;;) {
      const queued = nextWork(core, clock.id)
      const due = nextDueOnClock(core, clock.id)
      const at = Math.min(queued?.at ?? Infinity, due?.at ?? Infinity)
      if (at > target) break
      clock.frozen_time = Math.max(clock.frozen_time, at)
      if (queued && queued.at === at) {
        runNextWork(core, clock.id)
        previous = ''
        continue
      }
      if (!due) break
      const step = `${due.key}@${due.at}`
      if (step === previous) throw new Error(`test clock ${clock.id}: ${due.key} stayed due at ${due.at} after it ran`)
      previous = step
      due.run()
    }
    clock.frozen_time = target
  })
}

/** The work of an advance the request started, run after its answer; on the account's time for the clock's own events. */
export function finishAdvance(core: Core, clockId: string): void {
  const clock = core.testClocks.get(clockId)
  const target = clock?.status_details.advancing?.target_frozen_time
  if (!clock || clock.status !== 'advancing' || target === undefined) return
  try {
    advanceTestClock(core, clock, target)
    clock.status = 'ready'
    clock.status_details = {}
    core.onClock(null, () => core.emit('test_helpers.test_clock.ready', clock))
  } catch (error) {
    console.error(`Stripe sandbox: test clock ${clockId} failed to advance`, error)
    clock.status = 'internal_failure'
    clock.status_details = {}
    core.onClock(null, () => core.emit('test_helpers.test_clock.internal_failure', clock))
  }
}

/** A clock left advancing when the sandbox stopped (the dev sandbox's saved account) finishes when it starts again. */
export function finishInterruptedAdvances(core: Core): void {
  for (const clock of core.testClocks.values()) if (clock.status === 'advancing') finishAdvance(core, clock.id)
}

/** Starts advancing `clock` to `target`, as the endpoint does (also the /sandbox page's clock buttons). */
export function startAdvance(core: Core, clock: TestClock, target: number): TestClock {
  // The sandbox's words: Stripe documents these rules, not the messages it refuses them with.
  if (clock.status === 'advancing') throw invalid(`The test clock ${clock.id} is already advancing; wait until its status is ready to advance it again.`)
  if (clock.status === 'internal_failure') throw invalid(`The test clock ${clock.id} failed to advance (status internal_failure); it cannot be advanced again.`)
  if (target <= clock.frozen_time) {
    throw invalid(`The test clock can only move forward: frozen_time must be after its current frozen time (${clock.frozen_time}).`, 'frozen_time')
  }
  const furthest = furthestAdvance(core, clock)
  if (target > furthest) {
    throw invalid(
      `frozen_time cannot be more than two intervals of the shortest subscription on this test clock (two years when it has none) past its frozen time: at most ${furthest}.`,
      'frozen_time',
    )
  }
  clock.status = 'advancing'
  clock.status_details = { advancing: { target_frozen_time: target } }
  core.onClock(null, () => core.emit('test_helpers.test_clock.advancing', clock))
  core.runLater(() => finishAdvance(core, clock.id))
  return clock
}

export const testClockAdvanceRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/test_helpers/test_clocks/:id/advance',
    params: ['frozen_time'],
    handle: ({ core, params, args: [id = ''] }) => startAdvance(core, requireTestClock(core, id), read.optionalInteger(params, 'frozen_time') ?? 0),
  },
]
