import 'server-only'
import type { Db } from '@/lib/db'

export type RateLimitRule = { bucket: string; limit: number; windowMs: number }
export type RateLimitResult = { allowed: boolean; count: number; retryAfterMs: number }

/**
 * Counts one hit for `subject` in the current fixed window and says whether it is within the rule.
 * The counter is a database row, so every instance of the app counts against the same limit; the upsert on a
 * primary key is atomic on SQLite and PostgreSQL, so concurrent hits are all counted.
 */
export async function hitRateLimit(db: Db, rule: RateLimitRule, subject: string, now = Date.now()): Promise<RateLimitResult> {
  const windowStart = now - (now % rule.windowMs)
  const expiresAt = new Date(windowStart + rule.windowMs)
  const { count } = await db.rateLimit.upsert({
    where: { id: `${rule.bucket}:${subject}:${windowStart}` },
    create: { id: `${rule.bucket}:${subject}:${windowStart}`, count: 1, expiresAt },
    update: { count: { increment: 1 } },
    select: { count: true },
  })
  return { allowed: count <= rule.limit, count, retryAfterMs: expiresAt.getTime() - now }
}

/** Removes counters whose window has closed; cheap (indexed) and safe to call from anywhere. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.rateLimit.deleteMany({ where: { expiresAt: { lt: now } } })
  return count
}
