import 'server-only'
import Stripe from 'stripe'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { stripeMetadata } from '@/lib/stripe/limits'

// Subscription statuses that can still charge the customer. `incomplete` is included: its first invoice can still
// be paid within 23 hours and would start the subscription.
// https://docs.stripe.com/billing/subscriptions/overview#subscription-statuses
const ENDED = new Set<Stripe.Subscription.Status>(['canceled', 'incomplete_expired'])

/**
 * Stops Stripe billing the customer of an organization deleted with its last member's account, and unlinks it.
 *
 * Refund policy (decision 0014): every subscription that can still charge is canceled at once, with
 * `prorate: false` and `invoice_now: false` — no credit or refund for the unused part of the period, and no final
 * invoice for anything pending. The customer keeps what Stripe keeps anyway (invoices, payments, for receipts,
 * refunds and disputes); its `organizationId` and `userId` metadata are removed so nothing points at what no
 * longer exists.
 *
 * Idempotent: a retry lists the subscriptions again and cancels only what is still live; a cancellation that raced
 * another one (Stripe refuses to cancel twice) counts as done. Stripe ignores idempotency keys on DELETE
 * (https://docs.stripe.com/api/idempotent_requests), so the list is what makes it safe to repeat.
 */
export async function cancelStripeBilling(stripe: Stripe, customerId: string): Promise<string[]> {
  const canceled: string[] = []
  for await (const subscription of stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 })) {
    if (ENDED.has(subscription.status)) continue
    await cancelOnce(stripe, subscription.id)
    canceled.push(subscription.id)
  }
  // https://docs.stripe.com/api/metadata: an empty value removes the key.
  await withIdempotencyKey(`tollgate:account-deleted:${customerId}`, ({ key }) =>
    stripe.customers.update(customerId, { metadata: stripeMetadata({ organizationId: '', userId: '', tollgateAccountDeleted: 'true' }) }, { idempotencyKey: key }),
  )
  return canceled
}

async function cancelOnce(stripe: Stripe, subscriptionId: string): Promise<void> {
  try {
    await stripe.subscriptions.cancel(subscriptionId, {
      prorate: false,
      invoice_now: false,
      cancellation_details: { comment: 'The customer deleted their account.' },
    })
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error
    const now = await stripe.subscriptions.retrieve(subscriptionId)
    if (!ENDED.has(now.status)) throw error
  }
}
