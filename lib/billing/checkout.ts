import 'server-only'
import { createHash } from 'node:crypto'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import type { SessionUser } from '@/lib/auth/session'
import { db } from '@/lib/db'
import { env } from '@/lib/env'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { stripeMetadata } from '@/lib/stripe/limits'
import { findPrice } from './catalog'
import { countCheckoutSessions, expireOlderOpenSessions, recordCheckoutSession } from './checkout-sessions'
import { ensureStripeCustomer } from './customers'
import { meteredPricesFor } from './metered-prices'
import { entitlementsFor, type Entitlements } from './entitlements'
import { createPortalSession } from './portal'
import { activePriceFor } from './prices-by-lookup-key'
import { seatQuantityFor } from './seats'
import { syncStripeCustomer } from './sync-customer'

export type CheckoutOutcome = { kind: 'checkout' | 'manage'; url: string }

// Statuses of subscriptions that never started: they don't use up the first-subscription trial.
const NEVER_STARTED = new Set(['incomplete', 'incomplete_expired'])

/**
 * Where to send an organization's owner who picked `lookupKey`: a new Checkout session, or — when the
 * organization already has a subscription that is not finished (any status but canceled and incomplete_expired)
 * — wherever they manage it, never a second subscription. Opening a session expires the organization's older open
 * ones (one subscription per organization, whatever the tabs do; decision 0011). The caller has checked the
 * user's role (requireOrganization); the seat count comes from the member list, never from the request.
 */
export async function startCheckout(stripe: Stripe, organizationId: string, user: Pick<SessionUser, 'id' | 'email'>, lookupKey: string): Promise<CheckoutOutcome> {
  const entry = findPrice(lookupKey)
  if (!entry) throw new ActionFailure('invalid_input', 'That plan is not available.')
  const seats = await seatQuantityFor(organizationId, entry.plan)

  const customerId = await ensureStripeCustomer(stripe, organizationId, user)
  await syncStripeCustomer(stripe, customerId) // decide on Stripe's current state, not on a webhook still in flight
  const subscriptions = await db.subscription.findMany({ where: { organizationId } })
  const entitlements = entitlementsFor(subscriptions)
  if (entitlements.subscription) return { kind: 'manage', url: await manageUrl(stripe, organizationId, entitlements) }

  const price = await activePriceFor(stripe, lookupKey)
  if (!price) throw new ActionFailure('not_configured', `The "${lookupKey}" price is not in Stripe yet: run \`npm run stripe:sync\`.`)

  // The plan's metered components of the same interval ride on the same subscription, without a quantity
  // (https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-line_items-quantity). The licensed
  // price comes first: schedules made from the subscription keep that order (lib/billing/subscription-items.ts).
  const metered = await meteredPricesFor(stripe, entry.plan, entry.price.interval)

  const firstSubscription = subscriptions.every((s) => NEVER_STARTED.has(s.status))
  const trialDays = firstSubscription ? entry.plan.trialDays : 0
  const { APP_URL } = env()
  // The count of sessions opened so far: a double-click (or a retry after a timeout) shares the scope and gets the
  // same session, while choosing again after another tab expired this one opens a fresh session.
  const opened = await countCheckoutSessions(organizationId)
  const meteredScope = metered.length > 0 ? `:m${createHash('sha256').update(metered.map((p) => p.id).join(',')).digest('base64url').slice(0, 12)}` : ''
  const scope = `tollgate:checkout:${organizationId}:${price.id}${meteredScope}:${trialDays}:${seats}:${opened}`
  const session = await withIdempotencyKey(scope, ({ key }) =>
    stripe.checkout.sessions.create(
      {
        mode: 'subscription',
        customer: customerId,
        client_reference_id: organizationId,
        metadata: stripeMetadata({ organizationId, userId: user.id, lookupKey }),
        line_items: [{ price: price.id, quantity: seats }, ...metered.map((usage) => ({ price: usage.id }))],
        allow_promotion_codes: true,
        subscription_data: { metadata: stripeMetadata({ organizationId }), ...(trialDays > 0 && { trial_period_days: trialDays }) },
        success_url: `${APP_URL}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${APP_URL}/pricing`,
      },
      { idempotencyKey: key },
    ),
  )
  if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`)
  await recordCheckoutSession(session, { id: session.id, organizationId, priceId: price.id, lookupKey, trial: trialDays > 0 })
  await expireOlderOpenSessions(stripe, organizationId, session.id)
  return { kind: 'checkout', url: session.url }
}

/**
 * The one place to manage an unfinished subscription: the hosted invoice page when a payment waits for the
 * customer's confirmation, /billing when the next step is ours (resume a paused subscription, wait for a bank
 * payment), else the customer portal (switch plan, update the payment method).
 */
async function manageUrl(stripe: Stripe, organizationId: string, { standing, subscription }: Entitlements): Promise<string> {
  if ((standing === 'action_required' || standing === 'incomplete') && subscription?.invoiceUrl) return subscription.invoiceUrl
  if (standing === 'paused' || standing === 'payment_processing') return `${env().APP_URL}/billing`
  return createPortalSession(stripe, organizationId)
}
