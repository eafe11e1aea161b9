import 'server-only'
import { db } from '@/lib/db'

export type BillingRecipient = { organizationId: string; userId: string; email: string } | { skipped: string }

/**
 * Who gets a billing email about a Stripe customer: the longest-standing owner of the organization linked to that
 * customer, at the address they sign in with (owners are the ones who can act on billing; decision 0022). Never
 * the address on the Stripe object (an invoice's customer_email, a customer created in the Dashboard): a customer
 * that is not one of our organizations gets nothing, and the handler's result (stored in the ledger's `outcome`)
 * says why.
 */
export async function billingRecipient(customerId: string | null | undefined): Promise<BillingRecipient> {
  if (!customerId) return { skipped: 'the event names no customer' }
  const organization = await db.organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } })
  if (!organization) return { skipped: `Stripe customer ${customerId} is not an organization of this app` }
  const owner = await db.membership.findFirst({
    where: { organizationId: organization.id, role: 'owner' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { user: { select: { id: true, email: true } } },
  })
  if (!owner) return { skipped: `organization ${organization.id} has no owner` }
  if (!owner.user.email) return { skipped: `user ${owner.user.id} has no email address` }
  return { organizationId: organization.id, userId: owner.user.id, email: owner.user.email }
}
