import 'server-only'
import { db } from '@/lib/db'
import { hitRateLimit, pruneRateLimits, type RateLimitRule } from '@/lib/rate-limit'

// Sign-in emails cost money and land in someone's inbox: limit them per address (so nobody can flood one
// inbox) and per client (so one client cannot spray many addresses). Change the numbers here.
export const SIGN_IN_EMAIL_LIMITS = {
  perAddress: { bucket: 'sign-in-email:address', limit: 5, windowMs: 15 * 60_000 },
  perClient: { bucket: 'sign-in-email:client', limit: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>

/** Counts a sign-in email request; false when either limit is exceeded. */
export async function allowSignInEmail(address: string, clientKey: string | undefined): Promise<boolean> {
  await pruneRateLimits(db)
  const byAddress = await hitRateLimit(db, SIGN_IN_EMAIL_LIMITS.perAddress, address.toLowerCase())
  const byClient = clientKey ? await hitRateLimit(db, SIGN_IN_EMAIL_LIMITS.perClient, clientKey) : { allowed: true }
  return byAddress.allowed && byClient.allowed
}
