import { syncSeatQuantity } from '@/lib/billing/seat-quantity'
import { licensedItem } from '@/lib/billing/subscription-items'
import { db } from '@/lib/db'
import { isPinnedVersion } from '@/lib/webhooks/api-version'
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
    // The payload only decides whether to look: a quantity equal to the member count needs no Stripe call (a
    // renewal's update costs nothing more); any other reads Stripe's current state before repairing. A stale
    // payload at worst costs that one read, and reconciliation is the net under both.
    const quantity = licensedItem(event.data.object)?.quantity
    const members = await db.membership.count({ where: { organizationId: organization.id } })
    if (isPinnedVersion(event) && quantity === Math.max(members, 1)) return { status: 'in_line', quantity }
    return syncSeatQuantity(stripe, organization.id, event.id)
  },
}
