import { syncSeatQuantity } from '@/lib/billing/seat-quantity'
import { db } from '@/lib/db'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * A subscription changed in Stripe (a Dashboard edit, an API call outside the app): if its quantity no longer
 * equals the organization's member count, it is set back. The portal itself cannot change quantities (its
 * configuration allows price changes only; decision 0024); this is the net under everything else.
 */
export const keepSeatQuantity: StripeEventHandler<StripeEventOf<'customer.subscription.updated'>> = {
  id: 'keep-seat-quantity',
  async run(event, stripe) {
    const customer = event.data.object.customer
    const customerId = typeof customer === 'string' ? customer : customer.id
    const organization = await db.organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } })
    if (!organization) return { skipped: `Stripe customer ${customerId} is not an organization of this app` }
    return syncSeatQuantity(stripe, organization.id, event.id)
  },
}
