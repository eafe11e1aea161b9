import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { env } from '@/lib/env'

/** A Stripe customer portal session for the user; the customer id comes from their row, never from a request. */
export async function createPortalSession(stripe: Stripe, userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { stripeCustomerId: true } })
  if (!user.stripeCustomerId) throw new ActionFailure('not_found', 'You have no billing account yet. Choose a plan first.')
  const minute = Math.floor(Date.now() / 60_000)
  const session = await stripe.billingPortal.sessions.create(
    { customer: user.stripeCustomerId, return_url: `${env().APP_URL}/billing` },
    // A double-click within the minute gets the same portal session instead of two.
    { idempotencyKey: `tollgate:portal:${userId}:${minute}` },
  )
  return session.url
}
