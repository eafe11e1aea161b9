import { claimSweepLease } from '@/lib/reconcile/sweep-lease'
import { inngest } from './client'
import { firstSweepPage } from './sweep-subscriptions'

export const COMPARE_SUBSCRIPTIONS = 'tollgate/billing.compare-subscriptions'

/** A full sweep that finished this recently (the hourly walk's fallback, say) makes the daily one unnecessary. */
const RECENT_SWEEP_MS = 20 * 60 * 60_000

/**
 * Every day, every subscription Stripe has (`status=all`) compared with the database, whatever the events walk's
 * checkpoint says: Stripe keeps events 30 days (https://docs.stripe.com/api/events/list), so a subscription whose
 * events were never processed and are older than that is found by nothing else (decision 0043). It starts the
 * same one-page-per-run sweep as the walk's fallback, under the same lease, so two sweeps never overlap: while one
 * runs, this one is skipped until tomorrow. On demand (`tollgate/billing.compare-subscriptions`) it runs even when a
 * sweep finished recently. 100,000 subscriptions: 1,000 list calls, one at a time.
 */
export const compareSubscriptions = inngest.createFunction(
  {
    id: 'compare-subscriptions',
    name: 'Compare every Stripe subscription with the database',
    // 03:41 UTC: away from the hourly reconciliation at :17 and from the top of the hour, when other crons start.
    triggers: [{ cron: 'TZ=UTC 41 3 * * *' }, { event: COMPARE_SUBSCRIPTIONS }],
    retries: 3,
    concurrency: [{ limit: 1 }],
  },
  async ({ event, step }) => {
    const onDemand = event.name === COMPARE_SUBSCRIPTIONS
    const claim = await step.run('claim-sweep', () => claimSweepLease(onDemand ? 'on-demand' : 'daily', { unlessFinishedWithinMs: onDemand ? 0 : RECENT_SWEEP_MS }))
    if (claim.kind !== 'claimed') return { started: false, why: claim.why }
    await step.sendEvent('start-sweep', firstSweepPage(claim))
    return { started: true, sweepId: claim.sweepId }
  },
)
