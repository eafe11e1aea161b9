import 'server-only'
import type Stripe from 'stripe'
import { planFor } from './catalog'
import { isLiveSubscription } from './entitlements'
import { subscriptionColumns } from './subscription-row'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { stripeMetadata } from '@/lib/stripe/limits'

/** Metadata set on a subscription canceled as a duplicate, naming the one kept; how a retry finds it again. */
export const DUPLICATE_OF = 'tollgate_duplicate_of'

export type CanceledDuplicate = { id: string; keptId: string; plan: string; keptPlan: string; refunded: { amount: number; currency: string } | null }

const planName = (subscription: Stripe.Subscription) => {
  const { priceLookupKey, productId } = subscriptionColumns(subscription)
  return planFor({ lookupKey: priceLookupKey, productId })?.name ?? 'subscription'
}

/**
 * One subscription per customer, whatever the tabs did: if Stripe holds more than one unfinished subscription,
 * the oldest stays and every newer one is marked, refunded in full through a credit note (reason `duplicate`)
 * and canceled at once. Deterministic in any order: whichever checkout event runs first, the same subscription
 * survives; every request's key derives from the subscription or invoice, and a retry after a partial run
 * resumes where it stopped (a refund already made is not made again). Returns every duplicate canceled so far,
 * so the caller can tell the user (once per duplicate). Decision 0011.
 */
export async function resolveDuplicateSubscriptions(stripe: Stripe, customerId: string): Promise<CanceledDuplicate[]> {
  const all: Stripe.Subscription[] = []
  for await (const subscription of stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100, expand: ['data.latest_invoice'] })) {
    all.push(subscription)
  }
  const live = all.filter((s) => isLiveSubscription(s.status) && !s.metadata[DUPLICATE_OF]).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))
  const [keep, ...newer] = live
  for (const duplicate of keep ? newer : []) {
    const marked = await withIdempotencyKey(`tollgate:mark-duplicate:${duplicate.id}`, ({ key }) =>
      stripe.subscriptions.update(duplicate.id, { metadata: stripeMetadata({ [DUPLICATE_OF]: keep!.id }) }, { idempotencyKey: key }),
    )
    all.splice(all.indexOf(duplicate), 1, { ...marked, latest_invoice: duplicate.latest_invoice })
  }
  const duplicates = all.filter((s) => s.metadata[DUPLICATE_OF])
  const results: CanceledDuplicate[] = []
  for (const duplicate of duplicates) {
    const refunded = await refundFirstInvoice(stripe, duplicate)
    if (isLiveSubscription(duplicate.status)) {
      // A DELETE: idempotent by definition at Stripe, which ignores keys on it (https://docs.stripe.com/api/idempotent_requests).
      await stripe.subscriptions.cancel(duplicate.id, {
        cancellation_details: { comment: `Duplicate of ${duplicate.metadata[DUPLICATE_OF]}, completed in another checkout` },
      })
    }
    const kept = all.find((s) => s.id === duplicate.metadata[DUPLICATE_OF])
    results.push({ id: duplicate.id, keptId: kept?.id ?? '', plan: planName(duplicate), keptPlan: kept ? planName(kept) : 'current', refunded })
  }
  return results
}

/** Refunds what the duplicate's first invoice charged, minus anything already credited; null if it charged nothing. */
async function refundFirstInvoice(stripe: Stripe, subscription: Stripe.Subscription): Promise<{ amount: number; currency: string } | null> {
  const invoice = subscription.latest_invoice
  if (!invoice || typeof invoice === 'string' || invoice.status !== 'paid' || invoice.amount_paid === 0) return null
  const outstanding = invoice.amount_paid - invoice.post_payment_credit_notes_amount
  if (outstanding > 0) {
    await withIdempotencyKey(`tollgate:refund-duplicate:${invoice.id}`, ({ key }) =>
      stripe.creditNotes.create({ invoice: invoice.id, amount: outstanding, refund_amount: outstanding, reason: 'duplicate' }, { idempotencyKey: key }),
    )
  }
  return { amount: invoice.amount_paid, currency: invoice.currency }
}
