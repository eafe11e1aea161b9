import { describe, expect, it } from 'vitest'

const { db } = await import('@/lib/db')
const { takeSlot, takeSlots } = await import('@/lib/sliding-window')
const { hitRateLimit } = await import('@/lib/rate-limit')

const MINUTE = 60_000
const rule = (name: string, limit = 20, windowMs = 15 * MINUTE) => ({ name, limit, windowMs })
const allowedCount = (decisions: { allowed: boolean }[]) => decisions.filter((d) => d.allowed).length

describe('a sliding window', () => {
  it('holds across the edge where a fixed window lets twice its limit through (18 just before it, 22 just after)', async () => {
    const windowMs = 15 * MINUTE
    const edge = Math.ceil(Date.now() / windowMs) * windowMs + windowMs
    const times = [...Array.from({ length: 18 }, (_, i) => edge - 5_000 + i), ...Array.from({ length: 22 }, (_, i) => edge + 1_000 + i)]

    // The old counter, as the sign-in limit used it: a new window starts at the edge, with a fresh count.
    const fixed = []
    for (const now of times) fixed.push(await hitRateLimit(db, { bucket: 'edge-fixed', limit: 20, windowMs }, 'client', now))
    expect(allowedCount(fixed)).toBe(38)

    const sliding = []
    for (const now of times) sliding.push(await takeSlot(db, rule('edge-sliding'), 'client', now))
    expect(allowedCount(sliding)).toBe(20)
    // The 21st slot frees when the first hit leaves the window, not at the edge.
    expect(sliding[20]).toEqual({ allowed: false, retryAfterMs: times[0]! + windowMs - times[20]! + 1 })
    expect((await takeSlot(db, rule('edge-sliding'), 'client', times[0]! + windowMs + 1)).allowed).toBe(true)
  })

  it('of 60 concurrent hits, exactly the limit get through, and the row holds exactly those', async () => {
    const now = Date.now()
    const decisions = await Promise.all(Array.from({ length: 60 }, () => takeSlot(db, rule('burst'), 'one-client', now)))
    expect(allowedCount(decisions)).toBe(20)
    const row = await db.slidingWindow.findUniqueOrThrow({ where: { id: 'burst:one-client' } })
    expect(row.hits.split(',')).toHaveLength(20)
    expect(row.version).toBe(19)
  })

  it('refused hits leave no trace: a flood of them does not push the next free slot further away', async () => {
    const start = Date.now()
    for (let i = 0; i < 3; i++) expect((await takeSlot(db, rule('flood', 3, MINUTE), 's', start)).allowed).toBe(true)
    for (let i = 1; i <= 500; i++) expect((await takeSlot(db, rule('flood', 3, MINUTE), 's', start + i * 100)).allowed).toBe(false)
    expect((await takeSlot(db, rule('flood', 3, MINUTE), 's', start + MINUTE + 1)).allowed).toBe(true)
  })

  it('counts hits stamped ahead by another instance’s clock, and keeps only the newest `limit` of them', async () => {
    const now = Date.now()
    expect((await takeSlot(db, rule('skew', 2, MINUTE), 's', now + 10_000)).allowed).toBe(true)
    expect((await takeSlot(db, rule('skew', 2, MINUTE), 's', now)).allowed).toBe(true)
    expect(await takeSlot(db, rule('skew', 2, MINUTE), 's', now + 1)).toEqual({ allowed: false, retryAfterMs: MINUTE })
  })

  it('with a spacing, lets a few through at once and then makes each next one wait longer', async () => {
    const spaced = { name: 'spaced', limit: 10, windowMs: 60 * MINUTE, spacingMs: (n: number) => (n < 3 ? 0 : 2 ** (n - 3) * MINUTE) }
    const start = Date.now()
    for (let i = 0; i < 3; i++) expect((await takeSlot(db, spaced, 's', start)).allowed).toBe(true)
    expect(await takeSlot(db, spaced, 's', start + 1_000)).toEqual({ allowed: false, retryAfterMs: MINUTE - 1_000 })
    expect((await takeSlot(db, spaced, 's', start + MINUTE)).allowed).toBe(true)
    expect(await takeSlot(db, spaced, 's', start + MINUTE + 1)).toEqual({ allowed: false, retryAfterMs: 2 * MINUTE - 1 })
    expect((await takeSlot(db, spaced, 's', start + 3 * MINUTE)).allowed).toBe(true)
  })
})

describe('several windows at once', () => {
  it('take a slot in every window or in none: the window that refuses rolls back the ones before it', async () => {
    const now = Date.now()
    const wide = rule('all-or-none:wide', 10)
    const narrow = rule('all-or-none:narrow', 1)
    expect(await takeSlots(db, [{ rule: wide, subject: 's' }, { rule: narrow, subject: 's' }], now)).toEqual({ allowed: true })
    expect(await takeSlots(db, [{ rule: wide, subject: 's' }, { rule: narrow, subject: 's' }], now)).toMatchObject({ allowed: false, refusedBy: 'all-or-none:narrow' })
    expect((await db.slidingWindow.findUniqueOrThrow({ where: { id: 'all-or-none:wide:s' } })).hits.split(',')).toHaveLength(1)
  })

  it('of 40 concurrent requests for two windows, exactly the smaller limit get through, and the other window counts only those', async () => {
    const now = Date.now()
    const requests = [{ rule: rule('pair:client', 20), subject: 'c' }, { rule: rule('pair:mailbox', 7), subject: 'm' }]
    const decisions = await Promise.all(Array.from({ length: 40 }, () => takeSlots(db, requests, now)))
    expect(allowedCount(decisions)).toBe(7)
    expect((await db.slidingWindow.findUniqueOrThrow({ where: { id: 'pair:client:c' } })).hits.split(',')).toHaveLength(7)
  })
})
