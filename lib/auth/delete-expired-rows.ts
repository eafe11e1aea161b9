import 'server-only'
import type { Db } from '@/lib/db'
import { pruneRateLimits } from '@/lib/rate-limit'

/**
 * Deletes what every sign-in request leaves behind once it can no longer be used: verification tokens past their
 * expiry (a link nobody clicked) and rate-limit counters whose window has closed. (The token table holds only links from the last hour or so, so its scan is small.)
 */
export async function deleteExpiredRows(db: Db, now = new Date()) {
  const { count: verificationTokens } = await db.verificationToken.deleteMany({ where: { expires: { lt: now } } })
  const rateLimits = await pruneRateLimits(db, now)
  return { verificationTokens, rateLimits }
}
