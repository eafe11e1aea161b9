import { db } from '@/lib/db'
import { organizationForClientReference } from '@/lib/organizations/stripe-reference'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { stripeMetadata } from '@/lib/stripe/limits'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * Ties a completed checkout's customer to the organization it was opened for (its id travels as
 * client_reference_id; a session opened before organizations carries the user id, which means that user's
 * personal organization), in the database and in the customer's Stripe metadata, for customers this app did not
 * create itself. Runs before sync-customer, which finds the organization through that link.
 */
export const linkCheckoutCustomer: StripeEventHandler<StripeEventOf<'checkout.session.completed'>> = {
  id: 'link-checkout-customer',
  async run(event, stripe) {
    const session = event.data.object
    const customerId = typeof session.customer === 'string' ? session.customer : session.customer?.id
    if (!session.client_reference_id || !customerId) return { skipped: 'no organization or customer on the session' }
    const organizationId = await organizationForClientReference(session.client_reference_id)
    if (!organizationId) return { skipped: 'unknown organization' }

    const organization = await db.organization.findUnique({ where: { id: organizationId }, select: { stripeCustomerId: true } })
    // Already linked: a customer this app made carries the organization id in its metadata (lib/billing/customers.ts),
    // and an earlier run of this step links only after writing it. No Stripe call.
    if (organization?.stripeCustomerId === customerId) return { organizationId, customerId, linked: 'already' }

    const customer = await stripe.customers.retrieve(customerId)
    if (!customer.deleted && customer.metadata.organizationId !== organizationId) {
      // Keyed by the event, so a retry of this step repeats the same request; after a Stripe error, the next
      // attempt's key, so the error Stripe saved under the first is not replayed to every retry.
      await withIdempotencyKey(`tollgate:link-customer:${event.id}`, ({ key }) =>
        stripe.customers.update(customerId, { metadata: stripeMetadata({ organizationId }) }, { idempotencyKey: key }),
      )
    }
    await db.organization.updateMany({ where: { id: organizationId, stripeCustomerId: null }, data: { stripeCustomerId: customerId } })
    return { organizationId, customerId }
  },
}
