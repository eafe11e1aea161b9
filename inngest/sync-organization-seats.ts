import { syncSeatQuantity } from '@/lib/billing/seat-quantity'
import { requireStripe } from '@/lib/stripe/client'
import { inngest } from './client'
import { SEATS_CHANGED } from './seats-changed'

/**
 * After every membership change (invite accepted, member removed or left): the organization's Stripe quantity
 * follows its member count, under the proration policy of decision 0023. One run at a time per organization, so
 * two changes never race on Stripe; each run reads the count now, so a late or repeated run is harmless.
 */
export const syncOrganizationSeats = inngest.createFunction(
  {
    id: 'sync-organization-seats',
    name: 'Sync an organization’s seat quantity to Stripe',
    triggers: [{ event: SEATS_CHANGED }],
    retries: 8,
    concurrency: [{ key: 'event.data.organizationId', limit: 1 }],
  },
  async ({ event, step }) => {
    const organizationId = typeof event.data.organizationId === 'string' ? event.data.organizationId : null
    if (!organizationId) return { status: 'skipped', reason: 'the event names no organization' }
    return step.run('sync-seat-quantity', () => syncSeatQuantity(requireStripe(), organizationId))
  },
)
