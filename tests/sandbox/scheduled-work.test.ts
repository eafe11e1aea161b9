// The double's scheduled-work queue (sandbox/stripe/core/scheduled-work.ts): work due at a time on the account's
// clock, run in time order and at its own time when the clock advances; work that schedules more work; a clock that
// never moves back; and pending work kept across a restart of the saved sandbox.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startStripeDouble } from '@/sandbox/stripe'
import { Core, type ScheduledWork } from '@/sandbox/stripe/core/core'
import { advanceClockTo, nextDueAt, pendingWork, registerWork, runDueWork, schedule, unschedule } from '@/sandbox/stripe/core/scheduled-work'

/** A bare account whose one kind of work records what ran and when, on the account's clock. */
function account() {
  const core = new Core()
  const ran: { subject: string; at: number; now: number }[] = []
  registerWork(core, 'note', (c, work) => ran.push({ subject: work.subject, at: work.at, now: c.now() }))
  return { core, ran }
}

describe('the scheduled-work queue', () => {
  it('runs what falls due, in time order, each at its own time, and leaves the rest pending', () => {
    const { core, ran } = account()
    const start = core.now()
    schedule(core, { at: start + 7200, kind: 'note', subject: 'second' })
    schedule(core, { at: start + 3600, kind: 'note', subject: 'first' })
    schedule(core, { at: start + 86_400, kind: 'note', subject: 'tomorrow' })
    expect(nextDueAt(core)).toBe(start + 3600)

    advanceClockTo(core, start + 10_000)
    expect(ran.map((r) => r.subject)).toEqual(['first', 'second'])
    // Each ran with the clock at its own time, so what it makes is dated then, not at the end of the advance.
    expect(ran.map((r) => r.now - r.at)).toEqual([0, 0])
    expect(core.now()).toBe(start + 10_000)
    expect(pendingWork(core).map((w) => w.subject)).toEqual(['tomorrow'])
  })

  it('runs work due at the same second in the order it was scheduled', () => {
    const { core, ran } = account()
    const at = core.now() + 60
    for (const subject of ['a', 'b', 'c']) schedule(core, { at, kind: 'note', subject })
    advanceClockTo(core, at)
    expect(ran.map((r) => r.subject)).toEqual(['a', 'b', 'c'])
  })

  it('runs work scheduled by work when it falls due within the same advance, and keeps the rest', () => {
    const core = new Core()
    const ran: string[] = []
    registerWork(core, 'chain', (c, work) => {
      ran.push(`${work.subject}@${c.now() - Number(work.data.origin)}`)
      schedule(c, { at: c.now() + 3600, kind: 'chain', subject: `${work.subject}+`, data: work.data })
    })
    const origin = core.now()
    schedule(core, { at: origin + 3600, kind: 'chain', subject: 'x', data: { origin } })
    advanceClockTo(core, origin + 3 * 3600)
    expect(ran).toEqual(['x@3600', 'x+@7200', 'x++@10800'])
    expect(pendingWork(core)).toMatchObject([{ subject: 'x+++', at: origin + 4 * 3600 }])
  })

  it('drops work whose purpose was served another way', () => {
    const { core, ran } = account()
    const at = core.now() + 60
    schedule(core, { at, kind: 'note', subject: 'kept' })
    schedule(core, { at, kind: 'note', subject: 'dropped' })
    expect(unschedule(core, 'note', 'dropped')).toBe(1)
    expect(unschedule(core, 'note', 'dropped')).toBe(0)
    advanceClockTo(core, at)
    expect(ran.map((r) => r.subject)).toEqual(['kept'])
  })

  it('never moves the clock back, and runs overdue work now rather than in the past', () => {
    const { core, ran } = account()
    const now = core.now()
    expect(() => advanceClockTo(core, now - 1)).toThrow(/cannot move back/)
    schedule(core, { at: now - 600, kind: 'note', subject: 'overdue' })
    runDueWork(core)
    expect(ran).toEqual([{ subject: 'overdue', at: now - 600, now: core.now() }])
    expect(core.now()).toBeGreaterThanOrEqual(now)
  })

  it('refuses work of a kind nobody runs, and a second runner for one kind', () => {
    const { core } = account()
    expect(() => schedule(core, { at: core.now(), kind: 'unknown', subject: 'x' })).toThrow(/no runner/)
    expect(() => registerWork(core, 'note', () => {})).toThrow(/already has a runner/)
  })

  it('keeps a test clock’s work in that clock’s queue, on its own time: the account’s advance leaves it alone', () => {
    const { core, ran } = account()
    const frozen = Date.UTC(2024, 0, 15) / 1000
    core.testClocks.set('clock_1', { id: 'clock_1', object: 'test_helpers.test_clock', created: core.now(), deletes_after: core.now(), frozen_time: frozen, livemode: false, name: null, status: 'ready', status_details: {} })
    core.onClock('clock_1', () => schedule(core, { at: core.now() + 60, kind: 'note', subject: 'on the clock' }))
    expect(pendingWork(core, 'clock_1')).toMatchObject([{ subject: 'on the clock', at: frozen + 60 }])
    expect(pendingWork(core)).toEqual([])
    advanceClockTo(core, core.now() + 86_400)
    expect(ran).toEqual([])
    expect(unschedule(core, 'note', 'on the clock')).toBe(1)
  })

  it('hands out copies: changing one changes nothing pending', () => {
    const { core } = account()
    schedule(core, { at: core.now() + 60, kind: 'note', subject: 'x', data: { n: 1 } })
    const [copy] = pendingWork(core) as [ScheduledWork]
    copy.data.n = 2
    copy.at = 0
    expect(pendingWork(core)).toMatchObject([{ at: expect.any(Number), data: { n: 1 } }])
    expect(pendingWork(core)[0]!.at).toBeGreaterThan(0)
  })
})

describe('the saved sandbox', () => {
  it('keeps its clock across a restart, so time never moves back', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'tollgate-scheduled-work-')), 'stripe-sandbox.json')
    const first = await startStripeDouble({ stateFile })
    const ahead = Math.floor(Date.now() / 1000) + 5 * 86_400
    first.advanceClockTo(ahead)
    await first.client().customers.create({ email: 'later@example.com' })
    await first.close()
    const again = await startStripeDouble({ stateFile })
    try {
      const customer = await again.client().customers.create({ email: 'after-restart@example.com' })
      expect(customer.created).toBeGreaterThanOrEqual(ahead)
    } finally {
      await again.close()
    }
  })
})
