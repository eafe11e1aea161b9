import { customersWithLiveSubscriptions, reconcileCustomer, resendStuckEvents } from '@/lib/webhooks/reconcile'
import { requireStripe } from '@/lib/stripe/client'
import { inngest } from './client'

const CUSTOMERS_PER_STEP = 25

/**
 * The safety net under webhooks: every hour, re-send events stuck before their hand-off, and re-sync every
 * customer with a live subscription from Stripe, logging whatever had drifted. Also runs on demand with the
 * event `tollgate/billing.reconcile`.
 */
export const reconcileBilling = inngest.createFunction(
  {
    id: 'reconcile-billing',
    name: 'Reconcile billing with Stripe',
    triggers: [{ cron: 'TZ=UTC 17 * * * *' }, { event: 'tollgate/billing.reconcile' }],
    retries: 3,
    concurrency: { limit: 1 },
  },
  async ({ step, logger }) => {
    const resent = await step.run('resend-stuck-events', () => resendStuckEvents())
    const customers = await step.run('list-live-customers', () => customersWithLiveSubscriptions())
    let drifted = 0
    for (let i = 0; i < customers.length; i += CUSTOMERS_PER_STEP) {
      const batch = customers.slice(i, i + CUSTOMERS_PER_STEP)
      const drift = await step.run(`sync-customers-${i / CUSTOMERS_PER_STEP}`, async () => {
        const stripe = requireStripe()
        return (await Promise.all(batch.map((customer) => reconcileCustomer(stripe, customer)))).flat()
      })
      for (const d of drift) logger.warn(`billing drift on ${d.subscriptionId}: ${d.field} was ${String(d.was)}, Stripe says ${String(d.now)}`)
      drifted += drift.length
    }
    return { resent: resent.length, customers: customers.length, drifted }
  },
)
