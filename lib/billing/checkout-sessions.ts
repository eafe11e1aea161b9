import 'server-only'
import Stripe from 'stripe'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'

type Recorded = { id: string; organizationId: string; priceId: string; lookupKey: string; trial: boolean }

/** How many Checkout sessions the app has opened for an organization: part of the next session's idempotency key. */
export function countCheckoutSessions(organizationId: string): Promise<number> {
  return db.checkoutSession.count({ where: { organizationId } })
}

/** Records a session the app opened; a replayed create (same idempotency key) finds its row already there. */
export async function recordCheckoutSession(session: Stripe.Checkout.Session, row: Recorded): Promise<void> {
  try {
    await db.checkoutSession.create({ data: { ...row, status: session.status ?? 'open', stripeCreatedAt: new Date(session.created * 1000) } })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
  }
}

/**
 * Expires the organization's open sessions recorded before `keepId`, so the tab opened last is the only one that can
 * still be paid (https://docs.stripe.com/api/checkout/sessions/expire). Only older rows: two tabs racing each
 * expire the other's older session, never both. Best effort: a session completed meanwhile (Stripe answers 400)
 * or a failed request leaves the completion handler (resolve-duplicate-subscription) to settle it.
 */
export async function expireOlderOpenSessions(stripe: Stripe, organizationId: string, keepId: string): Promise<void> {
  const kept = await db.checkoutSession.findUnique({ where: { id: keepId }, select: { createdAt: true } })
  if (!kept) return
  // Older: recorded earlier, or in the same millisecond with a smaller id, so of two racing tabs exactly one wins.
  const older = await db.checkoutSession.findMany({
    where: { organizationId, status: 'open', OR: [{ createdAt: { lt: kept.createdAt } }, { createdAt: kept.createdAt, id: { lt: keepId } }] },
  })
  for (const row of older) {
    try {
      const expired = await withIdempotencyKey(`tollgate:expire-checkout:${row.id}`, ({ key }) => stripe.checkout.sessions.expire(row.id, {}, { idempotencyKey: key }))
      await db.checkoutSession.updateMany({ where: { id: row.id }, data: { status: expired.status ?? 'expired' } })
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeError)) throw error
      console.warn(`checkout: could not expire session ${row.id} (${error.message}); its completion will be resolved instead`)
      const current = await stripe.checkout.sessions.retrieve(row.id).catch(() => null)
      if (current?.status && current.status !== 'open') await db.checkoutSession.updateMany({ where: { id: row.id }, data: { status: current.status } })
    }
  }
}

/** Payment statuses a session never leaves (https://docs.stripe.com/api/checkout/sessions/object#checkout_session_object-payment_status). */
const SETTLED_PAYMENT = ['paid', 'no_payment_required']

/**
 * Brings a recorded session's row to what Stripe says (called from the checkout webhooks). Stripe only moves a
 * session forward (open → complete or expired; unpaid → paid once a delayed payment clears), so each column only
 * moves forward here too, and an older event processed after a newer one changes nothing.
 */
export async function saveCheckoutSessionState(session: Stripe.Checkout.Session): Promise<void> {
  const subscriptionId = typeof session.subscription === 'string' ? session.subscription : (session.subscription?.id ?? null)
  if (session.status && session.status !== 'open') {
    await db.checkoutSession.updateMany({ where: { id: session.id, status: 'open' }, data: { status: session.status } })
  }
  if (subscriptionId) await db.checkoutSession.updateMany({ where: { id: session.id, subscriptionId: null }, data: { subscriptionId } })
  await db.checkoutSession.updateMany({
    where: { id: session.id, OR: [{ paymentStatus: null }, { paymentStatus: { notIn: SETTLED_PAYMENT } }] },
    data: { paymentStatus: session.payment_status },
  })
}
