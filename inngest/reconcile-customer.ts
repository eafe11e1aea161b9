import { requireBackgroundStripe } from '@/lib/stripe/client'
import { reconcileCustomer } from '@/lib/webhooks/reconcile'
import { inngest } from './client'
import { perCustomerConcurrency, stripeApiConcurrency } from './stripe-api'

export const RECONCILE_CUSTOMER = 'tollgate/billing.reconcile-customer'

/** Re-syncs one customer the reconciler found behind Stripe, and stores what had drifted (BillingDrift). */
export const reconcileCustomerFunction = inngest.createFunction(
  {
    id: 'reconcile-customer',
    name: 'Reconcile one Stripe customer',
    triggers: [{ event: RECONCILE_CUSTOMER }],
    retries: 5,
    concurrency: [perCustomerConcurrency('event.data.customerId'), stripeApiConcurrency],
  },
  async ({ event, step }) => {
    const { customerId } = event.data as { customerId: string }
    const drift = await step.run('reconcile-customer', () => reconcileCustomer(requireBackgroundStripe(), customerId, 'events'))
    return { customerId, drifted: drift.length }
  },
)
