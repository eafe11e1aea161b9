import { NonRetriableError } from 'inngest'
import type Stripe from 'stripe'
import { stripeInngestEventName } from '@/lib/inngest/events'
import { requireBackgroundStripe } from '@/lib/stripe/client'
import { warnOnApiVersionMismatch } from '@/lib/webhooks/api-version'
import { customerOf, mayNeedLookup, resolveEventCustomer, type CustomerSource } from '@/lib/webhooks/event-customer'
import { ledgerReference, markFailed, markProcessed, markRunStarted, recordAttemptError, recordEventCustomer, stripeEventFrom } from '@/lib/webhooks/ledger'
import { inngest } from '../client'
import { perCustomerConcurrency, stripeApiConcurrency } from '../stripe-api'
import { isStripeEventOf, type StripeEventHandler, type StripeEventOf } from './handler'

/**
 * Inngest retries a failing step with backoff for about a day at this count; Stripe itself redelivers for three
 * days, and the reconciliation job catches anything that falls through both.
 */
const RETRIES = 8

/** The event a finder sends once it knows the customer: a ledger reference whose `data.object.customer` is set. */
export const withCustomerEventName = (type: string) => `stripe-with-customer/${type}`

/**
 * The Inngest functions for one Stripe event type: its handlers as steps, and the ledger kept up to date. When the
 * type's customer may need a Stripe GET (a dispute names a charge, not a customer), a first function finds it,
 * writes it on the ledger row and hands the event on, so the handlers still run one at a time per customer: an
 * Inngest concurrency key is read from the event before any step runs.
 */
export function createStripeFunctions<T extends Stripe.Event.Type>(type: T, handlers: readonly StripeEventHandler<StripeEventOf<T>>[], source: CustomerSource = 'object') {
  if (!mayNeedLookup(source)) return [createHandlersFunction(type, handlers, source, stripeInngestEventName(type))]
  return [createCustomerFinder(type, source), createHandlersFunction(type, handlers, source, withCustomerEventName(type))]
}

function createCustomerFinder<T extends Stripe.Event.Type>(type: T, source: CustomerSource) {
  return inngest.createFunction(
    {
      id: `stripe-${type.replaceAll('.', '-')}-find-customer`,
      name: `Stripe ${type}: find its customer`,
      triggers: [{ event: stripeInngestEventName(type) }],
      retries: RETRIES,
      concurrency: [stripeApiConcurrency],
      onFailure: async ({ event, error }) => {
        const failed: unknown = event.data.event.data
        if (isStripeEventOf(failed, type)) await markFailed(failed.id, error)
      },
    },
    async ({ event, step }) => {
      const stripeEvent = await stripeEventFrom(event.data)
      if (!isStripeEventOf(stripeEvent, type)) throw new NonRetriableError(`${stripeInngestEventName(type)} without a ${type} Stripe event as its data`)
      const customer = await step.run('find-customer', async () => {
        const found = await resolveEventCustomer(requireBackgroundStripe(), stripeEvent, source)
        if (found) await recordEventCustomer(stripeEvent.id, found)
        return found
      })
      const reference = ledgerReference(stripeEvent)
      // The Inngest id follows the incoming one (a replay has its own), so a retried step sends nothing twice.
      await step.sendEvent('hand-to-handlers', {
        id: `${event.id ?? stripeEvent.id}:with-customer`,
        name: withCustomerEventName(type),
        data: { ...reference, data: { object: { ...reference.data.object, customer } } },
      })
      return { customer }
    },
  )
}

function createHandlersFunction<T extends Stripe.Event.Type>(type: T, handlers: readonly StripeEventHandler<StripeEventOf<T>>[], source: CustomerSource, trigger: string) {
  return inngest.createFunction(
    {
      id: `stripe-${type.replaceAll('.', '-')}`,
      name: `Stripe ${type}`,
      triggers: [{ event: trigger }],
      retries: RETRIES,
      // One run at a time per customer, across every Stripe function, so two events for one customer never sync
      // it concurrently (events without a customer, the catalog, share one group); and the shared Stripe budget.
      // A customer event carries its customer as the object's id; a finder's reference carries the one it found.
      concurrency: [perCustomerConcurrency(source === 'self' ? 'event.data.data.object.id' : 'event.data.data.object.customer'), stripeApiConcurrency],
      onFailure: async ({ event, error }) => {
        const failed: unknown = event.data.event.data
        if (isStripeEventOf(failed, type)) await markFailed(failed.id, error)
      },
    },
    async ({ event, step }) => {
      // An event over Inngest's size limit, or handed on by a finder, arrives as a reference read back from the ledger.
      const stripeEvent = await stripeEventFrom(event.data)
      // Only handOff and a finder send these event names, with the Stripe event as data; anything else is a bug.
      if (!isStripeEventOf(stripeEvent, type)) throw new NonRetriableError(`${trigger} without a ${type} Stripe event as its data`)
      const customer = mayNeedLookup(source) ? foundCustomer(event.data) : customerOf(stripeEvent, source)
      await step.run('ledger-run-started', async () => {
        await markRunStarted(stripeEvent.id)
        await warnOnApiVersionMismatch(stripeEvent)
      })
      const results: Record<string, unknown> = {}
      for (const handler of handlers) {
        results[handler.id] = await step.run(handler.id, async () => {
          try {
            return (await handler.run(stripeEvent, requireBackgroundStripe(), { customer })) ?? null
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

/** The customer a finder wrote on the reference it sent. */
function foundCustomer(data: unknown): string | null {
  const customer = (data as { data?: { object?: { customer?: unknown } } }).data?.object?.customer
  return typeof customer === 'string' ? customer : null
}
