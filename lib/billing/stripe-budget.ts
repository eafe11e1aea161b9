import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { hitRateLimit, type RateLimitRule } from '@/lib/rate-limit'
import { confirmCheckout, type CheckoutConfirmation } from './confirm-checkout'

/**
 * How much Stripe work one user may cause. Stripe's rate limit is per account (100 requests/s live, 25 in test
 * mode), so without a budget one user replaying requests could starve every other customer's checkout. Checkout,
 * the portal and the success page's sync share it; each costs one unit and at most ~5 Stripe requests, so a user
 * stays under ~2 Stripe requests a second. The success page refreshes every 4 s while a payment settles (15 a
 * minute), which the limit leaves room for. Counted in the database, so every instance shares it. Per user, not
 * per organization (decision 0023): the person clicking is who can flood Stripe, and one member's replays must
 * not lock the other owners of their organization out of its billing.
 */
export const STRIPE_WORK_BUDGET = { bucket: 'stripe-work:user', limit: 20, windowMs: 60_000 } satisfies RateLimitRule

export const STRIPE_BUDGET_SPENT = 'You have made a lot of billing requests in the last minute. Please wait a minute and try again.'

/** Counts one unit of Stripe work for the user; throws the message the action shows when the budget is spent. */
export async function spendStripeBudget(userId: string): Promise<void> {
  const { allowed } = await hitRateLimit(db, STRIPE_WORK_BUDGET, userId)
  if (!allowed) throw new ActionFailure('rate_limited', STRIPE_BUDGET_SPENT)
}

/** The success page's confirmation, within the same budget; `busy` when it is spent (the page tries again soon). */
export async function confirmCheckoutWithinBudget(
  stripe: Stripe,
  userId: string,
  organizationId: string,
  sessionId: unknown,
): Promise<CheckoutConfirmation | { kind: 'busy' }> {
  const { allowed } = await hitRateLimit(db, STRIPE_WORK_BUDGET, userId)
  return allowed ? confirmCheckout(stripe, organizationId, sessionId) : { kind: 'busy' }
}
