import { checkpointAtNewestEvent, walkEventsPage } from '@/lib/reconcile/events-walk'
import { countExhaustedEvents, retryFailedEvents } from '@/lib/reconcile/retry-failed'
import { requireBackgroundStripe } from '@/lib/stripe/client'
import { pruneStripeRequestSlots } from '@/lib/stripe/request-budget'
import { resendStuckEvents } from '@/lib/webhooks/reconcile'
import { inngest } from './client'
import { RECONCILE_CUSTOMER } from './reconcile-customer'
import { stripeApiConcurrency } from './stripe-api'
import { handledStripeEventTypes } from './stripe/event-handlers'
import { SWEEP_SUBSCRIPTIONS } from './sweep-subscriptions'

export const RECONCILE_BILLING = 'tollgate/billing.reconcile'

/** Pages of Stripe's events list one run walks before handing the rest to a new run (~25 steps a run). */
const PAGES_PER_RUN = 20
/** Inngest takes at most 5,000 events per send. */
const EVENTS_PER_SEND = 5000

/**
 * The event types whose customer the walk re-syncs (the catalog has no customer; the catalog sync covers it). Any
 * number of them: the walk filters Stripe's unfiltered list itself (decision 0041), so a type added to the handler
 * map (docs/recipes/add-a-webhook-event.md) is covered here with nothing else to change.
 */
export const customerEventTypes = handledStripeEventTypes.filter((type) => !type.startsWith('product.') && !type.startsWith('price.'))

/**
 * The safety net under webhooks, every hour (or on demand with `tollgate/billing.reconcile`):
 * 1. re-send events stuck before their hand-off, and re-run failed events whose automatic retry is due;
 * 2. walk Stripe's own record since the checkpoint (its events list) and re-sync, one run per customer, every
 *    customer with an event the ledger does not show processed: events that never arrived, failed or are stuck;
 * 3. without a usable checkpoint (first run, or one older than Stripe's 30 days), sweep every subscription
 *    instead, one run per page of 100 (decision 0015).
 * Drift is stored in BillingDrift. Runs stay small: a long walk continues in a new run.
 */
export const reconcileBilling = inngest.createFunction(
  {
    id: 'reconcile-billing',
    name: 'Reconcile billing with Stripe',
    triggers: [{ cron: 'TZ=UTC 17 * * * *' }, { event: RECONCILE_BILLING }],
    retries: 3,
    concurrency: [{ limit: 1 }, stripeApiConcurrency],
  },
  async ({ event, step }) => {
    const continued = (event.data as { continued?: boolean } | undefined)?.continued === true
    const resent = continued ? [] : await step.run('resend-stuck-events', () => resendStuckEvents())
    const retried = continued ? [] : await step.run('retry-failed-events', () => retryFailedEvents())
    const exhausted = continued ? 0 : await step.run('count-exhausted-events', () => countExhaustedEvents())
    if (!continued) await step.run('prune-request-budget', () => pruneStripeRequestSlots())

    const customers = new Set<string>()
    let walked = 0
    let more = false
    let sweep: string | null = null
    for (let page = 0; page < PAGES_PER_RUN; page += 1) {
      const result = await step.run(`walk-events-${page}`, () => walkEventsPage(requireBackgroundStripe(), customerEventTypes))
      if (result.kind === 'sweep_needed') {
        sweep = result.why
        break
      }
      for (const customer of result.customers) customers.add(customer)
      walked += result.events
      more = result.more
      if (!more) break
    }
    if (sweep) {
      const sweepId = await step.run('checkpoint-before-sweep', async () => {
        await checkpointAtNewestEvent(requireBackgroundStripe())
        return new Date().toISOString()
      })
      await step.sendEvent('start-sweep', { name: SWEEP_SUBSCRIPTIONS, data: { sweepId, startingAfter: null } })
    }
    const list = [...customers]
    for (let i = 0; i < list.length; i += EVENTS_PER_SEND) {
      await step.sendEvent(`reconcile-customers-${i / EVENTS_PER_SEND}`, list.slice(i, i + EVENTS_PER_SEND).map((customerId) => ({ name: RECONCILE_CUSTOMER, data: { customerId } })))
    }
    if (more) await step.sendEvent('continue-walk', { name: RECONCILE_BILLING, data: { continued: true } })
    return { resent: resent.length, retried: retried.length, exhausted, eventsWalked: walked, customers: list.length, sweep, continues: more }
  },
)
