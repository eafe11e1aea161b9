// Runs Inngest events through the app's real functions in this process (@inngest/test's InngestTestEngine runs
// each step.run), as the Inngest dev server would call /api/inngest for them. The tests, the browser journey and
// the dev runner (./dev-runner.ts) all go through here.
import { InngestTestEngine } from '@inngest/test'

export type SentEvent = { id?: string; name: string; data: Record<string, unknown>; ts?: number }

export type RunnableFunction = ConstructorParameters<typeof InngestTestEngine>[0]['function'] & { opts: { id: string; triggers?: unknown; retries?: number } }

/** One event through one function: its output, or the error its run ended with. */
export async function runFunction(fn: RunnableFunction, event: SentEvent) {
  const engine = new InngestTestEngine({ function: fn, events: [{ ...event, id: event.id ?? 'evt' }] })
  return engine.execute()
}

/** Runs each event through the function(s) it triggers, in order, as Inngest would; returns each run's output. */
export async function runInngestEvents(functions: readonly RunnableFunction[], events: readonly SentEvent[]) {
  const runs = []
  for (const event of events) {
    for (const fn of functionsFor(functions, event.name)) runs.push({ event: event.name, ...(await runFunction(fn, event)) })
  }
  return runs
}

export function functionsFor(functions: readonly RunnableFunction[], eventName: string): RunnableFunction[] {
  return functions.filter((fn) => triggersOf(fn).includes(eventName))
}

function triggersOf(fn: RunnableFunction): string[] {
  const triggers = (fn.opts.triggers ?? []) as { event?: string }[]
  return triggers.map((t) => t.event).filter((name): name is string => Boolean(name))
}
