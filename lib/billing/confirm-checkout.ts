import 'server-only'
import Stripe from 'stripe'
import { db } from '@/lib/db'
import { entitlementsFor, type Entitlements } from './entitlements'
import { syncStripeCustomer } from './sync-customer'

export type CheckoutConfirmation =
  | { kind: 'not_found' }
  | { kind: 'open' }
  | { kind: 'pending'; entitlements: Entitlements }
  | { kind: 'complete'; entitlements: Entitlements }

/**
 * What the success page shows for `?session_id=`. The session must belong to the organization the caller checked
 * the user's role in (its id as client_reference_id, and its own customer); a foreign or made-up id is "not
 * found" and grants nothing. For the organization's own completed session it syncs the customer at once, with the
 * same function the webhook path uses, so the new plan shows without waiting for the webhook.
 */
export async function confirmCheckout(stripe: Stripe, organizationId: string, sessionId: unknown): Promise<CheckoutConfirmation> {
  if (typeof sessionId !== 'string' || !/^cs_[A-Za-z0-9_]{1,250}$/.test(sessionId)) return { kind: 'not_found' }
  const session = await stripe.checkout.sessions.retrieve(sessionId).catch((error: unknown) => {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return null
    throw error
  })
  const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { stripeCustomerId: true } })
  const customerId = typeof session?.customer === 'string' ? session.customer : session?.customer?.id
  if (!session || session.client_reference_id !== organizationId || !customerId || customerId !== organization?.stripeCustomerId) {
    return { kind: 'not_found' }
  }
  if (session.status !== 'complete') return { kind: 'open' }

  await syncStripeCustomer(stripe, customerId)
  // Read after the sync (not through the per-request cache, which may predate it).
  const entitlements = entitlementsFor(await db.subscription.findMany({ where: { organizationId } }))
  // Paid, or nothing to pay yet (a trial): done. Unpaid: an asynchronous payment method is still settling.
  return session.payment_status === 'unpaid' ? { kind: 'pending', entitlements } : { kind: 'complete', entitlements }
}
