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

import { ORGANIZATION_KEY, PACK_KEY } from './fulfill-credit-purchase'

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

/** The organization's latest fulfilled purchases, by the credit grant they made, for the credit history. */
export async function creditPurchasesByGrant(organizationId: string): Promise<Map<string, { pack: string; amount: number; currency: string }>> {
  const rows = await db.creditPurchase.findMany({ where: { organizationId, creditGrantId: { not: null } }, orderBy: { createdAt: 'desc' }, take: 50 })
  return new Map(rows.map((row) => [row.creditGrantId ?? '', { pack: findCreditPack(row.pack)?.name ?? row.pack, amount: row.amount, currency: row.currency }]))
}
