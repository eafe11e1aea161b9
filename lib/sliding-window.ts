import 'server-only'
import type { Db } from '@/lib/db'
import { retryWhileBusy } from '@/lib/db/sqlite-busy-retry'
import { sql } from '@/lib/db/sql'

/** A Prisma transaction client, for a slot taken inside the caller's transaction. */
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * A limit that holds in every window, not only in fixed ones: at most `limit` accepted hits in any `windowMs`, and,
 * with `spacingMs`, at least `spacingMs(n)` between the newest of `n` recent hits and the next one (a delay that
 * grows with use instead of a wall). A fixed-window counter lets up to twice its limit through around a window's
 * edge (the end of one window, then the start of the next): that is how 40 sign-in requests once sent 38 emails
 * under a limit of 20 (decision 0052).
 */
export type SlidingRule = { name: string; limit: number; windowMs: number; spacingMs?: (recentHits: number) => number }
export type SlotDecision = { allowed: true } | { allowed: false; retryAfterMs: number }

/** How many compare-and-swap rounds a hit tries before it gives up (each lost round means another hit won one). */
const MAX_ROUNDS = 64

/**
 * Takes a slot for `subject` under `rule`, or says how long until one frees. Refused hits leave no trace, so a flood
 * of refused requests never pushes the next slot further away. The row holds the times of the latest accepted hits;
 * each accepted hit rewrites it only if its `version` is still the one it read (compare-and-swap, one statement on
 * either database), so concurrent hits, on any number of instances, are decided one after another on what the ones
 * before them left: exactly `limit` of any burst get through. `db` may be a transaction: the slot is then given
 * back if the transaction rolls back.
 */
export async function takeSlot(db: Db | Tx, rule: SlidingRule, subject: string, now = Date.now()): Promise<SlotDecision> {
  const id = `${rule.name}:${subject}`
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const row = await db.slidingWindow.findUnique({ where: { id }, select: { hits: true, version: true } })
    const recent = parseHits(row?.hits).filter((hit) => hit > now - rule.windowMs)
    const wait = waitBefore(rule, recent, now)
    if (wait > 0) return { allowed: false, retryAfterMs: wait }

    // Only the newest `limit` hits can decide a later hit, whatever order the hits' clocks put them in.
    const hits = [...recent, now].sort((a, b) => a - b).slice(-rule.limit)
    const expiresAt = new Date(hits[hits.length - 1]! + rule.windowMs)
    const stored = hits.join(',')
    const won = row
      ? (await db.slidingWindow.updateMany({ where: { id, version: row.version }, data: { hits: stored, version: { increment: 1 }, expiresAt } })).count === 1
      : (await db.$executeRaw(sql`INSERT INTO "SlidingWindow" ("id", "hits", "version", "expiresAt") VALUES (${id}, ${stored}, 0, ${expiresAt}) ON CONFLICT ("id") DO NOTHING`)) === 1
    if (won) return { allowed: true }
  }
  throw new Error(`sliding window ${id}: gave up after ${MAX_ROUNDS} contended rounds`)
}

export type SlotRequest = { rule: SlidingRule; subject: string }
export type SlotsDecision = { allowed: true } | { allowed: false; refusedBy: string; retryAfterMs: number }

class Refused extends Error {
  constructor(
    readonly refusedBy: string,
    readonly retryAfterMs: number,
  ) {
    super(`refused by ${refusedBy}`)
  }
}

/**
 * Takes a slot under every rule, or none: in one transaction, in the order given (keep one order everywhere, so two
 * requests never wait on each other's rows in opposite orders), rolled back at the first rule that refuses. So a
 * refused request spends nothing of the rules it passed before the one that refused it.
 */
export async function takeSlots(db: Db, requests: readonly SlotRequest[], now = Date.now()): Promise<SlotsDecision> {
  try {
    await retryWhileBusy(() =>
      db.$transaction(
        async (tx) => {
          for (const { rule, subject } of requests) {
            const decision = await takeSlot(tx, rule, subject, now)
            if (!decision.allowed) throw new Refused(rule.name, decision.retryAfterMs)
          }
        },
        // A burst of sign-ins queues on one SQLite connection; the default 2 s wait for a turn is too short for that.
        { maxWait: 15_000, timeout: 15_000 },
      ),
    )
    return { allowed: true }
  } catch (error) {
    if (error instanceof Refused) return { allowed: false, refusedBy: error.refusedBy, retryAfterMs: error.retryAfterMs }
    throw error
  }
}

/** Milliseconds until a hit is allowed after `recent` (the hits inside the window), 0 when it is allowed now. */
export function waitBefore(rule: SlidingRule, recent: readonly number[], now: number): number {
  const sorted = [...recent].sort((a, b) => a - b)
  let wait = 0
  // Full: the oldest hit that still counts against the limit has to leave the window.
  if (sorted.length >= rule.limit) wait = sorted[sorted.length - rule.limit]! + rule.windowMs - now + 1
  const newest = sorted[sorted.length - 1]
  if (rule.spacingMs && newest !== undefined) wait = Math.max(wait, newest + rule.spacingMs(sorted.length) - now)
  return Math.max(0, wait)
}

function parseHits(stored: string | undefined): number[] {
  if (!stored) return []
  return stored.split(',').map(Number).filter(Number.isFinite)
}

/** Deletes windows whose newest hit has left them; the hourly clean-up calls it. */
export async function pruneSlidingWindows(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.slidingWindow.deleteMany({ where: { expiresAt: { lt: now } } })
  return count
}
