// Development only: Inngest's event API on 127.0.0.1 for when no Inngest dev server is running. The app's
// `inngest.send()` reaches it through INNGEST_DEV=<its url>; each accepted event then runs through the app's real
// functions in this process (run-events.ts), one at a time in arrival order (which also keeps the functions'
// one-run-per-customer concurrency), retried with backoff when a run fails, as Inngest retries. A function with
// `debounce` waits as Inngest's does (./debounce.ts): one timer per function and key, the last event wins, and it
// runs `period` after the last event or `timeout` after the first.
// scripts/dev.ts is its only user; a deployment refuses INNGEST_DEV (lib/env/schema.ts), so it can never be used there.
// docs/decisions/0021-in-process-inngest-for-development.md says what it leaves out (cron schedules, onFailure).
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { debounceDueAt, debounceGroup, type DebounceOptions } from './debounce'
import { functionsFor, runFunction, type RunnableFunction, type SentEvent } from './run-events'

export type RunRecord = { event: string; eventId: string | undefined; functionId: string; attempts: number; ok: boolean; error?: string }

export type DevRunnerOptions = {
  /**
   * The functions to run, loaded on the first event: importing them creates the app's inngest client, which must
   * see INNGEST_DEV=<this runner's url>, known only once it listens.
   */
  loadFunctions: () => Promise<readonly RunnableFunction[]>
  /** Delay before retry n (1-based); default 1 s doubling to at most 30 s. */
  backoffMs?: (attempt: number) => number
  /** Multiplies every debounce period and timeout: 1 (the default) waits as Inngest does; tests shorten the wait. */
  debounceScale?: number
  log?: (line: string) => void
}

export type DevRunner = {
  url: string
  /** Every function run that finished, succeeded or gave up. */
  runs: RunRecord[]
  /** Resolves when every accepted event has run (or used up its retries), debounced ones included. */
  idle(): Promise<void>
  close(): Promise<void>
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error))

export async function startDevRunner(options: DevRunnerOptions): Promise<DevRunner> {
  const { loadFunctions, backoffMs = (attempt) => Math.min(1000 * 2 ** (attempt - 1), 30_000), debounceScale = 1, log = () => {} } = options
  const seen = new Set<string>()
  const runs: RunRecord[] = []
  let chain: Promise<void> = Promise.resolve()
  let dispatching: Promise<void> = Promise.resolve()
  let closed = false
  let functions: Promise<readonly RunnableFunction[]> | undefined
  const debouncing = new Map<string, { event: SentEvent; firstAt: number; timer: NodeJS.Timeout }>()
  const debounceFired: (() => void)[] = []

  async function runWithRetries(fn: RunnableFunction, event: SentEvent): Promise<void> {
    const retries = fn.opts.retries ?? 4
    for (let attempt = 1; ; attempt += 1) {
      const { error } = await runFunction(fn, event).catch((thrown: unknown) => ({ error: thrown }))
      const record = { event: event.name, eventId: event.id, functionId: fn.opts.id, attempts: attempt }
      if (error === undefined) {
        runs.push({ ...record, ok: true })
        return log(`inngest (in-process): ${fn.opts.id} ran ${event.name}${attempt > 1 ? ` (attempt ${attempt})` : ''}`)
      }
      if (attempt > retries || closed) {
        runs.push({ ...record, ok: false, error: describe(error) })
        return log(`inngest (in-process): ${fn.opts.id} gave up on ${event.name} (${event.id}) after ${attempt} attempts: ${describe(error)}`)
      }
      log(`inngest (in-process): ${fn.opts.id} failed on ${event.name} (attempt ${attempt} of ${retries + 1}), retrying: ${describe(error)}`)
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)))
    }
  }

  const enqueue = (fn: RunnableFunction, event: SentEvent) => (chain = chain.then(() => runWithRetries(fn, event)))

  /** A debounced event replaces the pending one of its function and key, and moves its timer (never past timeout). */
  function debounce(fn: RunnableFunction, debounceOptions: DebounceOptions, event: SentEvent): void {
    const group = debounceGroup(fn.opts.id, debounceOptions, event)
    const now = Date.now()
    const pending = debouncing.get(group)
    if (pending) clearTimeout(pending.timer)
    const firstAt = pending?.firstAt ?? now
    const timer = setTimeout(() => {
      const fired = debouncing.get(group)
      debouncing.delete(group)
      if (fired && !closed) enqueue(fn, fired.event)
      for (const wake of debounceFired.splice(0)) wake()
    }, debounceDueAt(debounceOptions, firstAt, now, debounceScale) - now)
    debouncing.set(group, { event, firstAt, timer })
  }

  function accept(event: SentEvent): void {
    // Inngest drops a second event with an id it has seen (https://www.inngest.com/docs/guides/handling-idempotency).
    if (event.id) {
      if (seen.has(event.id)) return
      seen.add(event.id)
    }
    // In arrival order: a debounce timer starts when its event arrives, not when the runs before it finish.
    dispatching = dispatching.then(async () => {
      try {
        for (const fn of functionsFor(await (functions ??= loadFunctions()), event.name)) {
          if (fn.opts.debounce) debounce(fn, fn.opts.debounce, event)
          else enqueue(fn, event)
        }
      } catch (error) {
        log(`inngest (in-process): could not run ${event.name} (${event.id}): ${describe(error)}`)
      }
    })
  }

  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      // The SDK's sync call when /api/inngest gets a PUT: nothing to register, the functions are already here.
      if (req.url?.startsWith('/fn/register')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"modified":false}')
      if (req.method !== 'POST' || !req.url?.startsWith('/e/')) return void res.writeHead(404).end()
      let events: SentEvent[]
      try {
        events = [JSON.parse(body)].flat() as SentEvent[]
      } catch {
        return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"body is not JSON","status":400}')
      }
      // Inngest gives an event sent without an id one of its own (the SDK treats a missing id as a failed send).
      const named = events.map((event) => ({ ...event, id: event.id ?? randomUUID() }))
      for (const event of named) accept(event)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ids: named.map((e) => e.id), status: 200 }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    runs,
    async idle() {
      for (;;) {
        const [dispatched, current] = [dispatching, chain]
        await dispatched
        await current
        if (debouncing.size > 0) await new Promise<void>((wake) => debounceFired.push(wake))
        else if (dispatched === dispatching && current === chain) return
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        closed = true
        for (const { timer } of debouncing.values()) clearTimeout(timer)
        debouncing.clear()
        for (const wake of debounceFired.splice(0)) wake()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
