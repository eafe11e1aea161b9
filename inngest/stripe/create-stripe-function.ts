import { NonRetriableError } from 'inngest'
import type Stripe from 'stripe'
import { warnOnApiVersionMismatch } from '@/lib/webhooks/api-version'
import { markFailed, markProcessed, markRunStarted, recordAttemptError, stripeEventFrom } from '@/lib/webhooks/ledger'
import { stripeInngestEventName } from '@/lib/inngest/events'
import { requireBackgroundStripe } from '@/lib/stripe/client'
import { inngest } from '../client'
import { perCustomerConcurrency, stripeApiConcurrency } from '../stripe-api'
import { isStripeEventOf, type StripeEventHandler, type StripeEventOf } from './handler'

/**
 * Inngest retries a failing step with backoff for about a day at this count; Stripe itself redelivers for three
 * days, and the reconciliation job catches anything that falls through both.
 */
const RETRIES = 8

/** The Inngest function for one Stripe event type: its handlers as steps, and the ledger kept up to date. */
export function createStripeFunction<T extends Stripe.Event.Type>(type: T, handlers: readonly StripeEventHandler<StripeEventOf<T>>[]) {
  return inngest.createFunction(
    {
      id: `stripe-${type.replaceAll('.', '-')}`,
      name: `Stripe ${type}`,
      triggers: [{ event: stripeInngestEventName(type) }],
      retries: RETRIES,
      // One run at a time per customer, across every Stripe function, so two events for one customer never sync
      // it concurrently (events without a customer, the catalog, share one group); and the shared Stripe budget.
      concurrency: [perCustomerConcurrency('event.data.data.object.customer'), stripeApiConcurrency],
      onFailure: async ({ event, error }) => {
        const failed: unknown = event.data.event.data
        if (isStripeEventOf(failed, type)) await markFailed(failed.id, error)
      },
    },
    async ({ event, step }) => {
      // An event over Inngest's size limit arrives as a reference and is read back from the ledger.
      const stripeEvent = await stripeEventFrom(event.data)
      // Only handOff sends these event names, with the Stripe event as data; anything else is a bug, not a retry.
      if (!isStripeEventOf(stripeEvent, type)) throw new NonRetriableError(`${stripeInngestEventName(type)} without a ${type} Stripe event as its data`)
      await step.run('ledger-run-started', async () => {
        await markRunStarted(stripeEvent.id)
        await warnOnApiVersionMismatch(stripeEvent)
      })
      const results: Record<string, unknown> = {}
      for (const handler of handlers) {
        results[handler.id] = await step.run(handler.id, async () => {
          try {
            return (await handler.run(stripeEvent, requireBackgroundStripe())) ?? null
          } catch (error) {
            await recordAttemptError(stripeEvent.id, error)
            throw error
          }
        })
      }
      await step.run('ledger-processed', () => markProcessed(stripeEvent.id, results))
      return results
    },
  )
}
