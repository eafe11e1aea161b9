// Runs Inngest events through the app's real functions in this process (@inngest/test's InngestTestEngine runs
// each step.run), as the Inngest dev server would call /api/inngest for them. The tests, the browser journey and
// the dev runner (./dev-runner.ts) all go through here.
import { InngestTestEngine } from '@inngest/test'
import { debounceGroup, type DebounceOptions } from './debounce'

export type SentEvent = { id?: string; name: string; data: Record<string, unknown>; ts?: number }

export type RunnableFunction = ConstructorParameters<typeof InngestTestEngine>[0]['function'] & {
  opts: { id: string; triggers?: unknown; retries?: number; debounce?: DebounceOptions }
}

/** One event through one function: its output, or the error its run ended with. */
export async function runFunction(fn: RunnableFunction, event: SentEvent) {
  const engine = new InngestTestEngine({ function: fn, events: [{ ...event, id: event.id ?? 'evt' }] })
  return engine.execute()
}

/** Debounced runs waiting for their quiet period, by function and key: the last event of each. */
export type PendingDebounces = Map<string, { fn: RunnableFunction; event: SentEvent }>

/**
 * Runs each event through the function(s) it triggers, in order, as Inngest would; returns each run's output.
 * A function with `debounce` runs once per key for the events given, with the last of them, after the others
 * (Inngest: "the triggering event is replaced with the latest event received", https://www.inngest.com/docs/guides/debounce).
 * By default the events of one call count as arriving within one debounce period, and the period ends with the
 * call. `quietAfter: false` says it has not ended yet: the debounced runs stay in `pending` (pass the same map to
 * the next call), to run, merged with that call's events, at the end of the first call whose period ends.
 * The dev runner (./dev-runner.ts) groups them the same way, on real timers.
 */
export async function runInngestEvents(
  functions: readonly RunnableFunction[],
  events: readonly SentEvent[],
  { pending = new Map(), quietAfter = true }: { pending?: PendingDebounces; quietAfter?: boolean } = {},
) {
  const runs = []
  const debounced = pending
  for (const event of events) {
    for (const fn of functionsFor(functions, event.name)) {
      if (fn.opts.debounce) {
        const key = debounceGroup(fn.opts.id, fn.opts.debounce, event)
        debounced.delete(key) // re-inserted last: it runs in the order of its latest event
        debounced.set(key, { fn, event })
        continue
      }
      runs.push({ event: event.name, ...(await runFunction(fn, event)) })
    }
  }
  if (!quietAfter) return runs
  const due = [...debounced.values()]
  debounced.clear()
  for (const { fn, event } of due) runs.push({ event: event.name, ...(await runFunction(fn, event)) })
  return runs
}

export function functionsFor(functions: readonly RunnableFunction[], eventName: string): RunnableFunction[] {
  return functions.filter((fn) => triggersOf(fn).includes(eventName))
}

function triggersOf(fn: RunnableFunction): string[] {
  const triggers = (fn.opts.triggers ?? []) as { event?: string }[]
  return triggers.map((t) => t.event).filter((name): name is string => Boolean(name))
}
