// What Stripe does on its own clock, at a time: a renewal invoice finalized an hour after its draft, a Checkout
// Session expiring. Work is plain data on the account (`core.scheduledWork`, earliest first), run by the runner its
// module registered for its kind. Time only moves forward, as on a Stripe test clock
// (https://docs.stripe.com/billing/testing/test-clocks): advancing runs everything due on the way, in time order, each
// at its own time, so its objects and events carry that time; work may schedule more work, which runs in turn if it
// falls due before the advance ends.
import type { Core, ScheduledWork, WorkRunner } from './core'
import { newId } from './ids'

/** Registers the runner of one kind of work; the module that schedules the kind registers it at start-up. */
export function registerWork(core: Core, kind: string, run: WorkRunner): void {
  if (core.workRunners.has(kind)) throw new Error(`scheduled work of kind ${kind} already has a runner`)
  core.workRunners.set(kind, run)
}

/** Adds work due at `at`; work due at the same second runs in the order it was scheduled. */
export function schedule(core: Core, work: { at: number; kind: string; subject: string; data?: ScheduledWork['data'] }): ScheduledWork {
  if (!core.workRunners.has(work.kind)) throw new Error(`no runner is registered for scheduled work of kind ${work.kind}`)
  const entry: ScheduledWork = { id: newId('work_'), at: work.at, kind: work.kind, subject: work.subject, data: work.data ?? {} }
  const queue = core.scheduledWork
  let index = queue.length
  while (index > 0 && (queue[index - 1]?.at ?? 0) > entry.at) index--
  queue.splice(index, 0, entry)
  return entry
}

/** Drops the pending work of `kind` about `subject` (what it was for happened another way); returns how much. */
export function unschedule(core: Core, kind: string, subject: string): number {
  const queue = core.scheduledWork
  const before = queue.length
  for (let index = queue.length - 1; index >= 0; index--) {
    const work = queue[index]
    if (work?.kind === kind && work.subject === subject) queue.splice(index, 1)
  }
  return before - queue.length
}

/** The pending work, earliest first (a copy). */
export function pendingWork(core: Core): ScheduledWork[] {
  return core.scheduledWork.map((work) => ({ ...work, data: { ...work.data } }))
}

/**
 * Moves the account's clock forward to `timestamp`, running every piece of work due by then at its own time. A time
 * before the clock's is refused, as Stripe refuses to move a test clock back (https://docs.stripe.com/api/test_clocks/advance).
 */
export function advanceClockTo(core: Core, timestamp: number): void {
  if (timestamp < core.now()) throw new Error(`The clock is at ${core.now()}; it cannot move back to ${timestamp}.`)
  for (let work = core.scheduledWork[0]; work && work.at <= timestamp; work = core.scheduledWork[0]) {
    core.scheduledWork.shift()
    moveClockTo(core, work.at)
    const run = core.workRunners.get(work.kind)
    if (!run) throw new Error(`no runner is registered for scheduled work of kind ${work.kind} (${work.id})`)
    run(core, work)
  }
  moveClockTo(core, timestamp)
}

/** Runs whatever fell due while nobody advanced the clock: the wall clock passed it (the dev sandbox, a restart). */
export function runDueWork(core: Core): void {
  advanceClockTo(core, core.now())
}

/** When the next piece of work falls due, or null when none is pending. */
export function nextDueAt(core: Core): number | null {
  return core.scheduledWork[0]?.at ?? null
}

/** Forward only: work that fell due in the past runs now, never back in time. */
function moveClockTo(core: Core, timestamp: number): void {
  if (timestamp > core.now()) core.clockOffset += timestamp - core.now()
}
