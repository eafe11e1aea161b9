import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import type { SessionUser } from '@/lib/auth/session'
import { findCreditPack, type CreditPack } from '@/lib/billing/catalog'
import { ensureStripeCustomer } from '@/lib/billing/customers'
import { db } from '@/lib/db'
import { env } from '@/lib/env'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { stripeMetadata } from '@/lib/stripe/limits'
import { grantCredits } from './credits'

/** What a credit purchase's Checkout session carries, so its fulfillment needs nothing but the session. */
const PACK_KEY = 'tollgate_credit_pack'
const ORGANIZATION_KEY = 'tollgate_organization'

/**
 * Opens a one-time Checkout payment for a credit pack (https://docs.stripe.com/payments/checkout/how-checkout-works,
 * `mode=payment`), for the organization's customer, and records the purchase. `requestId` was minted when the
 * button was shown: a double click (or a retry) opens the same session. The caller has checked the user's role.
 */
export async function startCreditPurchase(stripe: Stripe, organizationId: string, user: Pick<SessionUser, 'email'>, pack: CreditPack, requestId: string): Promise<string> {
  const customerId = await ensureStripeCustomer(stripe, organizationId, user)
  const { APP_URL } = env()
  const metadata = stripeMetadata({ [PACK_KEY]: pack.key, [ORGANIZATION_KEY]: organizationId })
  const session = await withIdempotencyKey(`tollgate:buy-credits:${organizationId}:${pack.key}:${requestId}`, ({ key }) =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        customer: customerId,
        client_reference_id: organizationId,
        line_items: [{ price_data: { currency: pack.currency, unit_amount: pack.amount, product_data: { name: pack.name } }, quantity: 1 }],
        metadata,
        payment_intent_data: { metadata, description: pack.name },
        success_url: `${APP_URL}/billing/usage?bought=${encodeURIComponent(pack.key)}`,
        cancel_url: `${APP_URL}/billing/usage`,
      },
      { idempotencyKey: key },
    ),
  )
  if (!session.url) throw new ActionFailure('internal', 'Stripe did not return a Checkout page for that purchase.')
  await db.creditPurchase.upsert({
    where: { checkoutSessionId: session.id },
    create: { checkoutSessionId: session.id, organizationId, pack: pack.key, amount: pack.amount, currency: pack.currency },
    update: {},
  })
  return session.url
}

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

/** The organization's latest fulfilled purchases, by the credit grant they made, for the credit history. */
export async function creditPurchasesByGrant(organizationId: string): Promise<Map<string, { pack: string; amount: number; currency: string }>> {
  const rows = await db.creditPurchase.findMany({ where: { organizationId, creditGrantId: { not: null } }, orderBy: { createdAt: 'desc' }, take: 50 })
  return new Map(rows.map((row) => [row.creditGrantId ?? '', { pack: findCreditPack(row.pack)?.name ?? row.pack, amount: row.amount, currency: row.currency }]))
}
