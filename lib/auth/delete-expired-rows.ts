import 'server-only'
import type { Db } from '@/lib/db'
import { pruneRateLimits } from '@/lib/rate-limit'
import { pruneSlidingWindows } from '@/lib/sliding-window'

/**
 * Deletes what every sign-in request leaves behind once it can no longer be used: verification tokens past their
 * expiry (a link nobody clicked), rate-limit counters whose window has closed, and sliding windows (sign-in and
 * invitation limits) whose newest hit has left them. (The token table holds only links from the last hour or so, so
 * its scan is small.)
 */
export async function deleteExpiredRows(db: Db, now = new Date()) {
  const { count: verificationTokens } = await db.verificationToken.deleteMany({ where: { expires: { lt: now } } })
  const rateLimits = await pruneRateLimits(db, now)
  const slidingWindows = await pruneSlidingWindows(db, now)
  return { verificationTokens, rateLimits, slidingWindows }
}
