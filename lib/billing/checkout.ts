import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { env } from '@/lib/env'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { findPrice } from './catalog'
import { ensureStripeCustomer } from './customers'
import { isLiveSubscription } from './entitlements'
import { createPortalSession } from './portal'
import { syncStripeCustomer } from './sync-customer'

export type CheckoutOutcome = { kind: 'checkout' | 'manage'; url: string }

// Statuses of subscriptions that never started: they don't use up the first-subscription trial.
const NEVER_STARTED = new Set(['incomplete', 'incomplete_expired'])

/**
 * Where to send a user who picked `lookupKey`: a new Checkout session, or — when they already have a live
 * subscription (trialing, active, past_due) — the customer portal to change it, never a second subscription.
 */
export async function startCheckout(stripe: Stripe, userId: string, lookupKey: string): Promise<CheckoutOutcome> {
  const entry = findPrice(lookupKey)
  if (!entry) throw new ActionFailure('invalid_input', 'That plan is not available.')

  const customerId = await ensureStripeCustomer(stripe, userId)
  await syncStripeCustomer(stripe, customerId) // decide on Stripe's current state, not on a webhook still in flight
  const subscriptions = await db.subscription.findMany({ where: { userId }, select: { status: true } })
  if (subscriptions.some((s) => isLiveSubscription(s.status))) {
    return { kind: 'manage', url: await createPortalSession(stripe, userId) }
  }

  const price = (await stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 })).data[0]
  if (!price) throw new ActionFailure('not_configured', `The "${lookupKey}" price is not in Stripe yet: run \`npm run stripe:sync\`.`)

  const firstSubscription = subscriptions.every((s) => NEVER_STARTED.has(s.status))
  const trialDays = firstSubscription ? entry.plan.trialDays : 0
  const { APP_URL } = env()
  const tenMinutes = Math.floor(Date.now() / 600_000)
  // A double-click, or a retry after a timeout, gets the same session rather than a second one.
  const scope = `tollgate:checkout:${userId}:${price.id}:${trialDays}:${tenMinutes}`
  const session = await withIdempotencyKey(scope, ({ key }) =>
    stripe.checkout.sessions.create(
      {
        mode: 'subscription',
        customer: customerId,
        client_reference_id: userId,
        metadata: { userId, lookupKey },
        line_items: [{ price: price.id, quantity: 1 }],
        allow_promotion_codes: true,
        subscription_data: { metadata: { userId }, ...(trialDays > 0 && { trial_period_days: trialDays }) },
        success_url: `${APP_URL}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${APP_URL}/pricing`,
      },
      { idempotencyKey: key },
    ),
  )
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`)
  return { kind: 'checkout', url: session.url }
}
