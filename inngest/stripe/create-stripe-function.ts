import type Stripe from 'stripe'
import { markFailed, markProcessed, markRunStarted, recordAttemptError, stripeEventFrom } from '@/lib/webhooks/ledger'
import { inngestEventName } from '@/lib/webhooks/hand-off'
import { requireBackgroundStripe } from '@/lib/stripe/client'
import { inngest } from '../client'
import { perCustomerConcurrency, stripeApiConcurrency } from '../stripe-api'
import type { StripeEventHandler } from './handler'

/**
 * Inngest retries a failing step with backoff for about a day at this count; Stripe itself redelivers for three
 * days, and the reconciliation job catches anything that falls through both.
 */
const RETRIES = 8

/** The Inngest function for one Stripe event type: its handlers as steps, and the ledger kept up to date. */
export function createStripeFunction(type: string, handlers: readonly StripeEventHandler[]) {
  return inngest.createFunction(
    {
      id: `stripe-${type.replaceAll('.', '-')}`,
      name: `Stripe ${type}`,
      triggers: [{ event: inngestEventName(type) }],
      retries: RETRIES,
      // One run at a time per customer, across every Stripe function, so two events for one customer never sync
      // it concurrently (events without a customer, the catalog, share one group); and the shared Stripe budget.
      concurrency: [perCustomerConcurrency('event.data.data.object.customer'), stripeApiConcurrency],
      onFailure: async ({ event, error }) => {
        await markFailed((event.data.event.data as unknown as Stripe.Event).id, error)
      },
    },
    async ({ event, step }) => {
      // An event over Inngest's size limit arrives as a reference and is read back from the ledger.
      const stripeEvent = await stripeEventFrom(event.data)
      await step.run('ledger-run-started', () => markRunStarted(stripeEvent.id))
      const results: Record<string, unknown> = {}
      for (const handler of handlers) {
        results[handler.id] = await step.run(handler.id, async () => {
          try {
            return (await handler.run(stripeEvent as never, requireBackgroundStripe())) ?? null
          } catch (error) {
            await recordAttemptError(stripeEvent.id, error)
            throw error
          }
        })
      }
      await step.run('ledger-processed', () => markProcessed(stripeEvent.id))
      return results
    },
  )
}
