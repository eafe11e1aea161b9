import { requireBackgroundStripe } from '@/lib/stripe/client'
import { reconcileUsage } from '@/lib/usage/reconcile-usage'
import { inngest } from '../client'
import { stripeApiConcurrency } from '../stripe-api'

/**
 * Every hour: the app's usage totals against Stripe's meter event summaries, drift recorded in BillingDrift
 * (lib/usage/reconcile-usage.ts). The totals touched in the last two days: a period that ended is compared once
 * more after its last events settled.
 */
export const reconcileUsageFunction = inngest.createFunction(
  { id: 'reconcile-usage', name: 'Compare usage with Stripe', triggers: [{ cron: 'TZ=UTC 41 * * * *' }], retries: 3, concurrency: [{ limit: 1 }, stripeApiConcurrency] },
  async ({ step }) => {
    const compared = await step.run('compare', () => reconcileUsage(requireBackgroundStripe(), { since: new Date(Date.now() - 2 * 86_400_000), limit: 500 }))
    return { compared: compared.length, drift: compared.filter((c) => c.app !== c.stripe).length }
  },
)
