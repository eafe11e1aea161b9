// Runs Inngest events through the app's real functions in this process (@inngest/test's InngestTestEngine runs
// each step.run), as the Inngest dev server would call /api/inngest for them. The tests, the browser journey and
// the dev runner (./dev-runner.ts) all go through here.
import { InngestTestEngine } from '@inngest/test'

export type SentEvent = { id?: string; name: string; data: Record<string, unknown>; ts?: number }

export type RunnableFunction = ConstructorParameters<typeof InngestTestEngine>[0]['function'] & {
  opts: { id: string; triggers?: unknown; retries?: number; debounce?: { key?: string } }
}

/** One event through one function: its output, or the error its run ended with. */
export async function runFunction(fn: RunnableFunction, event: SentEvent) {
  const engine = new InngestTestEngine({ function: fn, events: [{ ...event, id: event.id ?? 'evt' }] })
  return engine.execute()
}

/**
 * Runs each event through the function(s) it triggers, in order, as Inngest would; returns each run's output.
 * A function with `debounce` runs once per key for the events given, with the last of them, after the others
 * (Inngest: "the triggering event is replaced with the latest event received", https://www.inngest.com/docs/guides/debounce);
 * the events of one call count as arriving within one debounce period.
 */
export async function runInngestEvents(functions: readonly RunnableFunction[], events: readonly SentEvent[]) {
  const runs = []
  const debounced = new Map<string, { fn: RunnableFunction; event: SentEvent }>()
  for (const event of events) {
    for (const fn of functionsFor(functions, event.name)) {
      if (fn.opts.debounce) {
        const key = `${fn.opts.id}:${debounceKey(fn.opts.debounce.key, event)}`
        debounced.delete(key) // re-inserted last: it runs in the order of its latest event
        debounced.set(key, { fn, event })
        continue
      }
      runs.push({ event: event.name, ...(await runFunction(fn, event)) })
    }
  }
  for (const { fn, event } of debounced.values()) runs.push({ event: event.name, ...(await runFunction(fn, event)) })
  return runs
}

export function functionsFor(functions: readonly RunnableFunction[], eventName: string): RunnableFunction[] {
  return functions.filter((fn) => triggersOf(fn).includes(eventName))
}

/** Evaluates the `event.data.a.b` key expressions this app uses; anything else is refused, not guessed. */
function debounceKey(expression: string | undefined, event: SentEvent): string {
  if (expression === undefined) return ''
  const path = /^event\.data((?:\.\w+)+)$/.exec(expression)?.[1]
  if (!path) throw new Error(`the in-process runner cannot evaluate the key expression ${expression}`)
  let value: unknown = event.data
  for (const part of path.slice(1).split('.')) value = (value as Record<string, unknown> | undefined)?.[part]
  return JSON.stringify(value ?? null)
}

function triggersOf(fn: RunnableFunction): string[] {
  const triggers = (fn.opts.triggers ?? []) as { event?: string }[]
  return triggers.map((t) => t.event).filter((name): name is string => Boolean(name))
}
