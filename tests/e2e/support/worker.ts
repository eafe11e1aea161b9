// Plays the part of Inngest for the e2e run: the app's webhook route hands events to the Inngest stand-in over
// HTTP, and the worker, in the test process, runs each newly accepted event through the real functions
// (@inngest/test) against the same SQLite file the server uses — one event at a time, in arrival order, which also
// honours the functions' one-run-per-customer concurrency key.
//
// It runs the queue inside settled(), while the test waits for the pipeline, not in the background while the
// browser is busy: in production the functions run inside the server process, so a second process writing the
// SQLite file during a page render is this harness's doing, and it makes the server's upserts fail at random
// (see sqlite-busy.ts). A run that hits that conflict is run again, as Inngest retries a failed step.
import type { StripeDouble } from '@/sandbox/stripe'
import { runInngestEvents, type SentEvent, type startInngestStandIn } from '../../support/inngest-stand-in'
import { retryOnSqliteBusy } from './sqlite-busy'

type StandIn = Awaited<ReturnType<typeof startInngestStandIn>>
type Functions = Parameters<typeof runInngestEvents>[0]

export type Worker = {
  /** Resolves when the double has delivered every event and every accepted event has run; throws if any failed. */
  settled(timeoutMs?: number): Promise<void>
  /** Every event that has run so far. */
  readonly ran: readonly SentEvent[]
}

const describeError = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'object' ? JSON.stringify(error) : String(error)

export function createWorker(double: StripeDouble, standIn: StandIn, functions: Functions): Worker {
  const ran: SentEvent[] = []

  /** Runs one event through the function(s) it triggers; a run's error (held in its result) is thrown. */
  async function run(event: SentEvent): Promise<void> {
    await retryOnSqliteBusy(`${event.name} (${event.id})`, () => double.idle(), async () => {
      for (const result of await runInngestEvents(functions, [event])) {
        if (result.error !== undefined) throw result.error instanceof Error ? result.error : new Error(describeError(result.error))
      }
    })
  }

  // Everything that moves: a round that changes none of these counts means nothing is in flight anywhere.
  const snapshot = () => `${double.events.length}/${double.deliveries.length}/${standIn.received.length}/${ran.length}`
  let reportedDeliveries = 0

  return {
    ran,
    async settled(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs
      const failures: string[] = []
      while (true) {
        const before = snapshot()
        await double.idle()
        while (ran.length < standIn.accepted.length) {
          const event = standIn.accepted[ran.length]!
          ran.push(event)
          await run(event).catch((error: unknown) => failures.push(`  ${event.name} (${event.id}): ${describeError(error)}`))
        }
        if (snapshot() === before) break
        if (Date.now() > deadline) throw new Error(`the pipeline did not settle within ${timeoutMs} ms (events/deliveries/received/ran ${snapshot()})`)
      }
      // Each delivery failure is reported once, so one broken scenario does not fail the next ones.
      const undelivered = double.deliveries.slice(reportedDeliveries).filter((d) => d.status === null || d.status >= 300)
      reportedDeliveries = double.deliveries.length
      if (undelivered.length > 0) throw new Error(`webhook deliveries failed:\n${undelivered.map((d) => `  ${d.eventId}: ${d.error}`).join('\n')}`)
      if (failures.length > 0) throw new Error(`Inngest function runs failed:\n${failures.join('\n')}`)
    },
  }
}
