import { sweepSubscriptionsPage } from '@/lib/reconcile/sweep'
import { requireBackgroundStripe } from '@/lib/stripe/client'
import { inngest } from './client'
import { stripeApiConcurrency } from './stripe-api'

export const SWEEP_SUBSCRIPTIONS = 'tollgate/billing.sweep-subscriptions'

/**
 * One page (100 subscriptions) of the full sweep per run, then the next page as a new run: two steps a run
 * whatever the account's size, one Stripe call per page, drift stored and repaired.
 */
export const sweepSubscriptions = inngest.createFunction(
  {
    id: 'sweep-subscriptions',
    name: 'Sweep Stripe subscriptions (one page)',
    triggers: [{ event: SWEEP_SUBSCRIPTIONS }],
    retries: 5,
    concurrency: [{ limit: 1 }, stripeApiConcurrency],
  },
  async ({ event, step }) => {
    const { sweepId, startingAfter } = event.data as { sweepId: string; startingAfter: string | null }
    const page = await step.run('sweep-page', () => sweepSubscriptionsPage(requireBackgroundStripe(), startingAfter))
    // The id makes a retried run's second send of the same page a duplicate Inngest drops.
    if (page.next) await step.sendEvent('next-page', { id: `sweep:${sweepId}:${page.next}`, name: SWEEP_SUBSCRIPTIONS, data: { sweepId, startingAfter: page.next } })
    return page
  },
)
