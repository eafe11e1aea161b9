import { syncStripeCustomer } from '@/lib/billing/sync-customer'
import { requireBackgroundStripe } from '@/lib/stripe/client'
import { keepUsageAlerts } from '@/lib/usage/usage-alerts'
import { markFailed } from '@/lib/webhooks/ledger'
import { inngest } from './client'
import { perCustomerConcurrency, stripeApiConcurrency } from './stripe-api'

export const CUSTOMER_SYNC_REQUESTED = 'tollgate/stripe.customer-sync-requested'

export type CustomerSyncRequest = { customerId: string; stripeEventId: string }

/**
 * One sync per burst of events for a customer. A checkout sends checkout.session.completed, subscription created,
 * invoice paid and more within a second, a renewal two or three: each asks for this sync, and Inngest's debounce
 * runs it once, a few seconds after the last request, with Stripe's state from then, so no event is reflected
 * stale. The success page does not wait for it: it syncs eagerly itself (lib/billing/confirm-checkout.ts).
 */
export const syncStripeCustomerFunction = inngest.createFunction(
  {
    id: 'sync-stripe-customer',
    name: 'Sync a Stripe customer',
    triggers: [{ event: CUSTOMER_SYNC_REQUESTED }],
    debounce: { key: 'event.data.customerId', period: '3s', timeout: '30s' },
    retries: 8,
    concurrency: [perCustomerConcurrency('event.data.customerId'), stripeApiConcurrency],
    // The requesting event is marked failed, so the automatic retry of failed events runs it (and this) again.
    onFailure: async ({ event, error }) => {
      await markFailed((event.data.event.data as CustomerSyncRequest).stripeEventId, error)
    },
  },
  async ({ event, step }) => {
    const { customerId } = event.data as CustomerSyncRequest
    const synced = await step.run('sync-customer', () => syncStripeCustomer(requireBackgroundStripe(), customerId))
    // The customer's usage alerts follow the plan and period just synced: a renewal or a plan change makes new ones
    // and archives the old (lib/usage/usage-alerts.ts, decision 0066).
    await step.run('keep-usage-alerts', () => keepUsageAlerts(requireBackgroundStripe(), customerId))
    return synced
  },
)
