import 'server-only'
import { db } from '@/lib/db'

export type BillingRecipient = { userId: string; email: string } | { skipped: string }

/**
 * Who gets a billing email about a Stripe customer: only a user of this app linked to that customer, at the
 * address they sign in with. Never the address on the Stripe object (an invoice's customer_email, a customer
 * created in the Dashboard): a customer that is not one of our users gets nothing, and the handler's result
 * (stored in the ledger's `outcome`) says why.
 */
export async function billingRecipient(customerId: string | null | undefined): Promise<BillingRecipient> {
  if (!customerId) return { skipped: 'the event names no customer' }
  const user = await db.user.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true, email: true } })
  if (!user) return { skipped: `Stripe customer ${customerId} is not a user of this app` }
  if (!user.email) return { skipped: `user ${user.id} has no email address` }
  return { userId: user.id, email: user.email }
}
