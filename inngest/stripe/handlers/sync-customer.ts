import { syncStripeCustomer } from '@/lib/billing/sync-customer'
import { customerOf } from '@/lib/webhooks/ledger'
import type { StripeEventHandler } from '../handler'

/**
 * Brings the event's customer up to date from Stripe's current state. It ignores the event's payload on purpose,
 * so duplicates, retries and events arriving in any order all end in Stripe's latest state.
 */
export const syncCustomer: StripeEventHandler = {
  id: 'sync-customer',
  async run(event, stripe) {
    const customerId = customerOf(event)
    if (!customerId) return { skipped: 'the event names no customer' }
    return syncStripeCustomer(stripe, customerId)
  },
}
