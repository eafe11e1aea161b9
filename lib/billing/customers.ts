import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'

/**
 * The user's Stripe customer id, creating the customer on first need. Exactly once per user, even when two
 * checkouts race: both send the same idempotency key, so Stripe returns one customer to both, and the
 * unique `stripeCustomerId` column is only ever set from null.
 */
export async function ensureStripeCustomer(stripe: Stripe, userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  if (user.stripeCustomerId) return user.stripeCustomerId

  const customer = await stripe.customers.create(
    { email: user.email ?? undefined, name: user.name ?? undefined, metadata: { userId: user.id } },
    { idempotencyKey: `tollgate:customer:${user.id}` },
  )
  await db.user.updateMany({ where: { id: user.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } })
  const saved = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stripeCustomerId: true } })
  return saved.stripeCustomerId ?? customer.id
}
