// Debounce in the two in-process Inngest runners, as Inngest documents it (https://www.inngest.com/docs/guides/debounce):
// one run per function and key, with the last event, `period` after the last event or `timeout` after the first.
// The dev runner (npm run dev) waits on real timers; runInngestEvents (the tests) treats one call as one period.
import { Inngest } from 'inngest'
import { afterEach, describe, expect, it } from 'vitest'
import { debounceDueAt, durationMs } from '@/sandbox/inngest/debounce'
import { startDevRunner, type DevRunner } from '@/sandbox/inngest/dev-runner'
import { runInngestEvents, type PendingDebounces, type SentEvent } from '@/sandbox/inngest/run-events'

const client = new Inngest({ id: 'debounce-test', isDev: true })
/** What each run of the test functions saw: the function, the event's id and data, and when it ran. */
const seen: { fn: string; id: string | undefined; data: Record<string, unknown>; at: number }[] = []

const debounced = client.createFunction(
  { id: 'debounced', triggers: [{ event: 'test/changed' }], debounce: { key: 'event.data.team', period: '1s', timeout: '3s' }, retries: 0 },
  async ({ event }) => void seen.push({ fn: 'debounced', id: event.id, data: event.data as Record<string, unknown>, at: Date.now() }),
)
const everyEvent = client.createFunction({ id: 'every-event', triggers: [{ event: 'test/changed' }], retries: 0 }, async ({ event }) => {
  seen.push({ fn: 'every-event', id: event.id, data: event.data as Record<string, unknown>, at: Date.now() })
})
const functions = [debounced, everyEvent]

let runner: DevRunner | undefined
afterEach(async () => {
  await runner?.close()
  runner = undefined
  seen.length = 0
})

const send = async (events: SentEvent[]) => {
  const response = await fetch(`${runner!.url}/e/local-dev`, { method: 'POST', body: JSON.stringify(events) })
  expect(response.status).toBe(200)
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const change = (id: string, team: string) => ({ id, name: 'test/changed', data: { team, id } })

describe('the dev runner (npm run dev) debounces as Inngest does', () => {
  it('a burst for one key runs once, with its last event, a quiet period after it; the undebounced function runs each event', async () => {
    runner = await startDevRunner({ loadFunctions: async () => functions })
    for (const i of [1, 2, 3, 4, 5]) {
      await send([change(`e${i}`, 'a')])
      await sleep(100)
    }
    const lastSentAt = Date.now() - 100
    await runner.idle()

    const runs = seen.filter((s) => s.fn === 'debounced')
    expect(runs.map((s) => s.id)).toEqual(['e5'])
    expect(runs[0]!.at - lastSentAt).toBeGreaterThanOrEqual(durationMs('1s') - 50)
    expect(seen.filter((s) => s.fn === 'every-event').map((s) => s.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5'])
    expect(runner.runs.filter((r) => r.functionId === 'debounced')).toEqual([expect.objectContaining({ eventId: 'e5', ok: true })])
  })

  it('each key waits on its own timer', async () => {
    runner = await startDevRunner({ loadFunctions: async () => functions, debounceScale: 0.1 })
    await send([change('a1', 'a'), change('b1', 'b'), change('a2', 'a')])
    await runner.idle()
    expect(seen.filter((s) => s.fn === 'debounced').map((s) => s.id).sort()).toEqual(['a2', 'b1'])
  })

  it('a steady stream that never goes quiet runs at the timeout, with the latest event, and again after', async () => {
    // Scaled by 0.1: a 100 ms quiet period that 60 ms gaps never reach, and a 300 ms timeout.
    runner = await startDevRunner({ loadFunctions: async () => functions, debounceScale: 0.1 })
    const startedAt = Date.now()
    for (let i = 1; i <= 12; i += 1) {
      await send([change(`s${i}`, 'a')])
      await sleep(60)
    }
    await runner.idle()
    const runs = seen.filter((s) => s.fn === 'debounced')
    expect(runs.length).toBeGreaterThanOrEqual(2)
    expect(runs[0]!.at - startedAt).toBeLessThan(300 + 250) // at the timeout, while the stream still ran
    expect(runs.at(-1)!.id).toBe('s12')
  })

  it('stops its timers on close: nothing runs after', async () => {
    runner = await startDevRunner({ loadFunctions: async () => functions })
    await send([change('late', 'a')])
    await sleep(50)
    await runner.close()
    await sleep(durationMs('1s') + 200)
    expect(seen.filter((s) => s.fn === 'debounced')).toEqual([])
  })
})

describe('runInngestEvents (the tests) debounces per call', () => {
  it('the events of one call are one period: one run per key, with each key’s last event', async () => {
    const runs = await runInngestEvents(functions, [change('a1', 'a'), change('b1', 'b'), change('a2', 'a')])
    expect(runs.filter((r) => r.error)).toEqual([])
    expect(seen.filter((s) => s.fn === 'debounced').map((s) => s.id)).toEqual(['b1', 'a2'])
    expect(seen.filter((s) => s.fn === 'every-event').map((s) => s.id)).toEqual(['a1', 'b1', 'a2'])
  })

  it('two calls are two periods: two runs', async () => {
    await runInngestEvents(functions, [change('first', 'a')])
    await runInngestEvents(functions, [change('second', 'a')])
    expect(seen.filter((s) => s.fn === 'debounced').map((s) => s.id)).toEqual(['first', 'second'])
  })

  it('a period that has not ended holds the debounced run across calls; the call that ends it runs it once, with the last event', async () => {
    const pending: PendingDebounces = new Map()
    await runInngestEvents(functions, [change('h1', 'a')], { pending, quietAfter: false })
    await runInngestEvents(functions, [change('h2', 'a'), change('h3', 'b')], { pending, quietAfter: false })
    expect(seen.filter((s) => s.fn === 'debounced')).toEqual([])
    expect(seen.filter((s) => s.fn === 'every-event').map((s) => s.id)).toEqual(['h1', 'h2', 'h3'])
    await runInngestEvents(functions, [change('h4', 'a')], { pending })
    expect(seen.filter((s) => s.fn === 'debounced').map((s) => s.id)).toEqual(['h3', 'h4'])
    expect(pending.size).toBe(0)
  })
})

describe('Inngest time strings and the due time', () => {
  it('reads 3s, 2m, 1h30m and refuses what Inngest would not take', () => {
    expect(durationMs('3s')).toBe(3000)
    expect(durationMs('2m')).toBe(120_000)
    expect(durationMs('1h30m')).toBe(5_400_000)
    expect(() => durationMs('2 minutes')).toThrow()
  })

  it('is a period after the latest event, never past the timeout after the first', () => {
    const options = { period: '2m', timeout: '15m' }
    expect(debounceDueAt(options, 0, 0)).toBe(120_000)
    expect(debounceDueAt(options, 0, 14 * 60_000)).toBe(15 * 60_000)
    expect(debounceDueAt({ period: '2m' }, 0, 14 * 60_000)).toBe(16 * 60_000)
  })
})
