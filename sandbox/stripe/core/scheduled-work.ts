// What Stripe does on its own clock, at a time: a renewal invoice finalized an hour after its draft, a Checkout
// Session expiring, a schedule's phase ending. Work is plain data, run by the runner its module registered for its
// kind. It waits in the queue of the clock its object lives on: the account's (`core.scheduledWork`), or a test
// clock's (`core.clockWork`), each earliest first. Time only moves forward, as on a Stripe test clock
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

/** The queue of a test clock, or the account's for null. */
function queueOf(core: Core, clock: string | null): ScheduledWork[] {
  if (clock === null) return core.scheduledWork
  let queue = core.clockWork.get(clock)
  if (!queue) core.clockWork.set(clock, (queue = []))
  return queue
}

/**
 * Adds work due at `at`, on the clock in scope (the one whose objects the caller is changing) unless `clock` says
 * which; work due at the same second runs in the order it was scheduled.
 */
export function schedule(core: Core, work: { at: number; kind: string; subject: string; data?: ScheduledWork['data']; clock?: string | null }): ScheduledWork {
  if (!core.workRunners.has(work.kind)) throw new Error(`no runner is registered for scheduled work of kind ${work.kind}`)
  const entry: ScheduledWork = { id: newId('work_'), at: work.at, kind: work.kind, subject: work.subject, data: work.data ?? {} }
  const queue = queueOf(core, work.clock === undefined ? core.clockInScope : work.clock)
  let index = queue.length
  while (index > 0 && (queue[index - 1]?.at ?? 0) > entry.at) index--
  queue.splice(index, 0, entry)
  return entry
}

/** Drops the pending work of `kind` about `subject`, on whichever clock it waits (it happened another way). */
export function unschedule(core: Core, kind: string, subject: string): number {
  let dropped = 0
  for (const queue of [core.scheduledWork, ...core.clockWork.values()]) {
    for (let index = queue.length - 1; index >= 0; index--) {
      const work = queue[index]
      if (work?.kind === kind && work.subject === subject) {
        queue.splice(index, 1)
        dropped++
      }
    }
  }
  return dropped
}

/** The pending work of a test clock (or of the account, for null), earliest first (a copy). */
export function pendingWork(core: Core, clock: string | null = null): ScheduledWork[] {
  return (clock === null ? core.scheduledWork : (core.clockWork.get(clock) ?? [])).map((work) => ({ ...work, data: { ...work.data } }))
}

/** The earliest work waiting on a test clock (or the account), without taking it. */
export function nextWork(core: Core, clock: string | null): ScheduledWork | undefined {
  return (clock === null ? core.scheduledWork : core.clockWork.get(clock))?.[0]
}

/** Takes the earliest work of the clock off its queue and runs it; the caller has set the time and the scope. */
export function runNextWork(core: Core, clock: string | null): void {
  const work = queueOf(core, clock).shift()
  if (!work) return
  const run = core.workRunners.get(work.kind)
  if (!run) throw new Error(`no runner is registered for scheduled work of kind ${work.kind} (${work.id})`)
  run(core, work)
}

/** A deleted test clock's work goes with it. */
export function dropClockWork(core: Core, clock: string): void {
  core.clockWork.delete(clock)
}

/**
 * Moves the account's clock forward to `timestamp`, running every piece of its work due by then at its own time. A
 * time before the clock's is refused, as Stripe refuses to move a test clock back
 * (https://docs.stripe.com/api/test_clocks/advance). Test clocks keep their own time: this moves none of them.
 */
export function advanceClockTo(core: Core, timestamp: number): void {
  core.onClock(null, () => {
    if (timestamp < core.now()) throw new Error(`The clock is at ${core.now()}; it cannot move back to ${timestamp}.`)
    runAccountWorkUntil(core, timestamp)
  })
}

/**
 * Runs whatever fell due while nobody advanced the clock: the wall clock passed it (the dev sandbox, a restart). Not
 * through advanceClockTo's check: the wall clock may tick to the next second between reading the time and checking it,
 * which refused "moving back" one second now and then under load.
 */
export function runDueWork(core: Core): void {
  core.onClock(null, () => runAccountWorkUntil(core, core.accountNow()))
}

function runAccountWorkUntil(core: Core, timestamp: number): void {
  for (let work = nextWork(core, null); work && work.at <= timestamp; work = nextWork(core, null)) {
    moveClockTo(core, work.at)
    runNextWork(core, null)
  }
  moveClockTo(core, timestamp)
}

/** When the account's next piece of work falls due, or null when none is pending. */
export function nextDueAt(core: Core): number | null {
  return core.scheduledWork[0]?.at ?? null
}

/** Forward only: work that fell due in the past runs now, never back in time. */
function moveClockTo(core: Core, timestamp: number): void {
  if (timestamp > core.accountNow()) core.clockOffset += timestamp - core.accountNow()
}
