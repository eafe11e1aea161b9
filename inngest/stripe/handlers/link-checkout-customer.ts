import { db } from '@/lib/db'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * Ties a completed checkout's customer to the user who started it (our user id travels as client_reference_id),
 * in the database and in the customer's Stripe metadata, for customers this app did not create itself.
 * Runs before sync-customer, which finds the user through that link.
 */
export const linkCheckoutCustomer: StripeEventHandler<StripeEventOf<'checkout.session.completed'>> = {
  id: 'link-checkout-customer',
  async run(event, stripe) {
    const session = event.data.object
    const userId = session.client_reference_id
    const customerId = typeof session.customer === 'string' ? session.customer : session.customer?.id
    if (!userId || !customerId) return { skipped: 'no user or customer on the session' }

    const user = await db.user.findUnique({ where: { id: userId }, select: { stripeCustomerId: true } })
    if (!user) return { skipped: 'unknown user' }
    // Already linked: a customer this app made carries the user id in its metadata (lib/billing/customers.ts), and
    // an earlier run of this step links only after writing it. No Stripe call.
    if (user.stripeCustomerId === customerId) return { userId, customerId, linked: 'already' }

    const customer = await stripe.customers.retrieve(customerId)
    if (!customer.deleted && customer.metadata.userId !== userId) {
      // Keyed by the event, so a retry of this step repeats the same request; after a Stripe error, the next
      // attempt's key, so the error Stripe saved under the first is not replayed to every retry.
      await withIdempotencyKey(`tollgate:link-customer:${event.id}`, ({ key }) =>
        stripe.customers.update(customerId, { metadata: { userId } }, { idempotencyKey: key }),
      )
    }
    if (!user.stripeCustomerId) await db.user.updateMany({ where: { id: userId, stripeCustomerId: null }, data: { stripeCustomerId: customerId } })
    return { userId, customerId }
  },
}
