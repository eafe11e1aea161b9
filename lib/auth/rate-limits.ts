import 'server-only'
import { db } from '@/lib/db'
import { hitRateLimit, type RateLimitRule } from '@/lib/rate-limit'
import { mailboxOf } from './mailbox'

// Sign-in emails cost money and land in someone's inbox: limit them per mailbox (so nobody can flood one inbox,
// whatever spelling of the address they use) and per client (so one client cannot spray many addresses).
// Change the numbers here. Expired counters are deleted by inngest/prune-expired-sign-in-rows.ts.
export const SIGN_IN_EMAIL_LIMITS = {
  perAddress: { bucket: 'sign-in-email:address', limit: 5, windowMs: 15 * 60_000 },
  perClient: { bucket: 'sign-in-email:client', limit: 20, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>

/** Counts a sign-in email request; false when either limit is exceeded. `clientKey` comes from clientKeyOf. */
export async function allowSignInEmail(address: string, clientKey: string): Promise<boolean> {
  const byAddress = await hitRateLimit(db, SIGN_IN_EMAIL_LIMITS.perAddress, mailboxOf(address))
  const byClient = await hitRateLimit(db, SIGN_IN_EMAIL_LIMITS.perClient, clientKey)
  return byAddress.allowed && byClient.allowed
}
