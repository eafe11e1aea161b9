import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'

/**
 * The organization's Stripe customer id, creating the customer on first need. Exactly once per organization,
 * even when two checkouts race (both send the same idempotency key, so Stripe returns one customer to both, and
 * the unique `stripeCustomerId` column is only ever set from null) and even after a failed attempt (a 500 may
 * come after Stripe created the customer: the next attempt looks for it before creating one). The customer's
 * email is the address of `billingUser`, the owner who first needed it (Stripe sends receipts there).
 */
export async function ensureStripeCustomer(stripe: Stripe, organizationId: string, billingUser: { email?: string | null }): Promise<string> {
  const organization = await db.organization.findUniqueOrThrow({ where: { id: organizationId } })
  if (organization.stripeCustomerId) return organization.stripeCustomerId

  const email = billingUser.email ?? undefined
  const customer = await withIdempotencyKey(customerScope(organization.id), async ({ key, attempt }) => {
    const earlier = attempt > 0 && email ? await findCustomerOf(stripe, organization.id, email) : null
    return earlier ?? stripe.customers.create({ email, name: organization.name, metadata: { organizationId: organization.id } }, { idempotencyKey: key })
  })
  await db.organization.updateMany({ where: { id: organization.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } })
  const saved = await db.organization.findUniqueOrThrow({ where: { id: organization.id }, select: { stripeCustomerId: true } })
  return saved.stripeCustomerId ?? customer.id
}

/** The idempotency scope of the organization's customer creation. */
export const customerScope = (organizationId: string) => `tollgate:customer:${organizationId}`

/** A customer this app created for the organization, by email (a strongly consistent list, unlike search) and metadata. */
async function findCustomerOf(stripe: Stripe, organizationId: string, email: string): Promise<Stripe.Customer | null> {
  for await (const customer of stripe.customers.list({ email, limit: 100 })) if (customer.metadata.organizationId === organizationId) return customer
  return null
}
