import type Stripe from 'stripe'
import { findCreditPack } from '@/lib/billing/catalog'
import { db } from '@/lib/db'
import { grantCredits } from './credits'

// Kept apart from lib/usage/buy-credits.ts (the action's side): the Inngest functions load it outside Next.

/** What a credit purchase's Checkout session carries, so its fulfillment needs nothing but the session. */
export const PACK_KEY = 'tollgate_credit_pack'
export const ORGANIZATION_KEY = 'tollgate_organization'

export type Fulfillment = { skipped: string } | { granted: string; purchase: string; already?: true }

/**
 * Grants a paid credit purchase once its money is in: on checkout.session.completed when `payment_status` is `paid`
 * (a card), or on checkout.session.async_payment_succeeded (a bank debit) (https://docs.stripe.com/checkout/fulfillment).
 * Exactly once per session: the purchase row (keyed by the session) holds the grant's id once made, and the grant
 * is made under an idempotency key named by the session, so deliveries racing each other get Stripe's one answer.
 */
export async function fulfillCreditPurchase(stripe: Stripe, session: Stripe.Checkout.Session): Promise<Fulfillment> {
  if (session.mode !== 'payment') return { skipped: 'not a one-time payment' }
  const pack = findCreditPack(session.metadata?.[PACK_KEY] ?? '')
  const organizationId = session.metadata?.[ORGANIZATION_KEY]
  if (!pack || !organizationId) return { skipped: 'not a credit purchase' }
  if (session.payment_status !== 'paid') return { skipped: `payment ${session.payment_status}` }
  const customerId = typeof session.customer === 'string' ? session.customer : session.customer?.id
  if (!customerId) throw new Error(`credit purchase ${session.id} has no customer`)
  // The pack's price could have changed since the session was opened: credit what was paid for, never more.
  if (session.amount_total !== pack.amount || session.currency !== pack.currency) {
    throw new Error(`credit purchase ${session.id} paid ${session.amount_total} ${session.currency}, not the ${pack.key} pack's ${pack.amount} ${pack.currency}`)
  }
  const purchase = await db.creditPurchase.upsert({
    where: { checkoutSessionId: session.id },
    create: { checkoutSessionId: session.id, organizationId, pack: pack.key, amount: pack.amount, currency: pack.currency },
    update: {},
  })
  if (purchase.creditGrantId) return { granted: purchase.creditGrantId, purchase: session.id, already: true }
  const grant = await grantCredits(stripe, {
    customerId,
    organizationId,
    amount: pack.credit,
    currency: pack.currency,
    category: 'paid',
    name: pack.name,
    reference: `checkout:${session.id}`,
  })
  await db.creditPurchase.updateMany({ where: { checkoutSessionId: session.id, creditGrantId: null }, data: { creditGrantId: grant.id, fulfilledAt: new Date() } })
  return { granted: grant.id, purchase: session.id }
}

