import { syncSeatQuantity } from '@/lib/billing/seat-quantity'
import { requireStripe } from '@/lib/stripe/client'
import { inngest } from './client'
import { SEATS_CHANGED } from '@/lib/inngest/events'

/**
 * How long an organization's membership must stay unchanged before its seats are synced, and the longest a busy
 * organization waits. A team accepting invitations in one sitting becomes one Stripe update and at most one invoice
 * (Stripe makes at most 10 new invoices per subscription a minute and 20 a day:
 * https://docs.stripe.com/rate-limits); the quantity in Stripe is right within SEAT_SYNC_MAX_WAIT of any change.
 * The seat limit itself is enforced in the database on invite, so the wait never lets anyone in for free.
 */
export const SEAT_SYNC_QUIET_PERIOD = '2m'
export const SEAT_SYNC_MAX_WAIT = '15m'

/**
 * After membership changes (invite accepted, member removed or left): the organization's Stripe quantity follows
 * its member count, under the proration policy of decisions 0023 and 0042 (lib/billing/seat-quantity.ts).
 * Debounced per organization (https://www.inngest.com/docs/guides/debounce): Inngest runs it once, with the last
 * event, after SEAT_SYNC_QUIET_PERIOD without a change or SEAT_SYNC_MAX_WAIT after the first; the run reads the
 * member count now, so the last event carries all it needs. One run at a time per organization, so two syncs
 * never race on Stripe; a late or repeated run is harmless.
 */
export const syncOrganizationSeats = inngest.createFunction(
  {
    id: 'sync-organization-seats',
    name: 'Sync an organization’s seat quantity to Stripe',
    triggers: [{ event: SEATS_CHANGED }],
    debounce: { key: 'event.data.organizationId', period: SEAT_SYNC_QUIET_PERIOD, timeout: SEAT_SYNC_MAX_WAIT },
    retries: 8,
    concurrency: [{ key: 'event.data.organizationId', limit: 1 }],
  },
  async ({ event, step }) => {
    const organizationId = typeof event.data.organizationId === 'string' ? event.data.organizationId : null
    if (!organizationId) return { status: 'skipped', reason: 'the event names no organization' }
    return step.run('sync-seat-quantity', () => syncSeatQuantity(requireStripe(), organizationId))
  },
)
