import { findRowsMissingInStripe } from '@/lib/reconcile/missing-in-stripe'
import { sweepSubscriptionsPage } from '@/lib/reconcile/sweep'
import { finishSweepLease, renewSweepLease, type SweepStart } from '@/lib/reconcile/sweep-lease'
import { requireBackgroundStripe } from '@/lib/stripe/client'
import { inngest } from './client'
import { stripeApiConcurrency } from './stripe-api'

export const SWEEP_SUBSCRIPTIONS = 'tollgate/billing.sweep-subscriptions'

type SweepPageEvent = SweepStart & { startingAfter: string | null }

/** The event that starts a sweep whose lease was just claimed (claimSweepLease). */
export const firstSweepPage = (start: SweepStart) => ({ name: SWEEP_SUBSCRIPTIONS, data: { sweepId: start.sweepId, startedAt: start.startedAt, startingAfter: null } satisfies SweepPageEvent })

/**
 * One page (100 subscriptions) of a full sweep per run, then the next page as a new run: a few steps a run whatever
 * the account's size, one Stripe call per page, drift stored and repaired. Each page first renews the sweep's lease
 * (lib/reconcile/sweep-lease.ts): a sweep that lost it to another stops. After the last page, the live rows no page
 * listed are looked up (lib/reconcile/missing-in-stripe.ts) and the lease is freed.
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
    const { sweepId, startedAt, startingAfter } = event.data as SweepPageEvent
    const page = await step.run('sweep-page', async () => ((await renewSweepLease(sweepId)) ? sweepSubscriptionsPage(requireBackgroundStripe(), startingAfter) : null))
    if (!page) return { sweepId, stopped: 'another sweep holds the lease' }
    // The id makes a retried run's second send of the same page a duplicate Inngest drops.
    if (page.next) {
      await step.sendEvent('next-page', { id: `sweep:${sweepId}:${page.next}`, name: SWEEP_SUBSCRIPTIONS, data: { sweepId, startedAt, startingAfter: page.next } satisfies SweepPageEvent })
      return page
    }
    const missing = await step.run('rows-missing-in-stripe', () => findRowsMissingInStripe(requireBackgroundStripe(), new Date(startedAt)))
    await step.run('finish-sweep', () => finishSweepLease(sweepId))
    return { ...page, missing }
  },
)
