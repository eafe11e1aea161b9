import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'

/**
 * The user's Stripe customer id, creating the customer on first need. Exactly once per user, even when two
 * checkouts race (both send the same idempotency key, so Stripe returns one customer to both, and the unique
 * `stripeCustomerId` column is only ever set from null) and even after a failed attempt (a 500 may come after
 * Stripe created the customer: the next attempt looks for it before creating one).
 */
export async function ensureStripeCustomer(stripe: Stripe, userId: string): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } })
  if (user.stripeCustomerId) return user.stripeCustomerId

  const customer = await withIdempotencyKey(customerScope(user.id), async ({ key, attempt }) => {
    const earlier = attempt > 0 && user.email ? await findCustomerOf(stripe, user.id, user.email) : null
    return (
      earlier ??
      stripe.customers.create({ email: user.email ?? undefined, name: user.name ?? undefined, metadata: { userId: user.id } }, { idempotencyKey: key })
    )
  })
  await db.user.updateMany({ where: { id: user.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } })
  const saved = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { stripeCustomerId: true } })
  return saved.stripeCustomerId ?? customer.id
}

/** The idempotency scope of the user's customer creation. */
export const customerScope = (userId: string) => `tollgate:customer:${userId}`

/** A customer this app created for the user, by email (a strongly consistent list, unlike search) and metadata. */
async function findCustomerOf(stripe: Stripe, userId: string, email: string): Promise<Stripe.Customer | null> {
  for await (const customer of stripe.customers.list({ email, limit: 100 })) if (customer.metadata.userId === userId) return customer
  return null
}
