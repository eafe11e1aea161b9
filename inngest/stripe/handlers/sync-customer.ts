import { customerOf } from '@/lib/webhooks/ledger'
import { inngest } from '../../client'
import { CUSTOMER_SYNC_REQUESTED, type CustomerSyncRequest } from '../../sync-stripe-customer'
import type { StripeEventHandler } from '../handler'

/**
 * Brings the event's customer up to date from Stripe's current state, through the debounced customer sync
 * (inngest/sync-stripe-customer.ts), so a burst of events for one customer costs one Stripe call. It ignores the
 * event's payload on purpose: duplicates, retries and events in any order all end in Stripe's latest state.
 */
export const syncCustomer: StripeEventHandler = {
  id: 'sync-customer',
  async run(event) {
    const customerId = customerOf(event)
    if (!customerId) return { skipped: 'the event names no customer' }
    const data: CustomerSyncRequest = { customerId, stripeEventId: event.id }
    // No event id on purpose: a replayed event must sync again, and extra requests in a burst cost nothing.
    await inngest.send({ name: CUSTOMER_SYNC_REQUESTED, data })
    return { requested: customerId }
  },
}
