// Stripe's limits on one subscription, from https://docs.stripe.com/rate-limits ("Subscriptions API"): "10 new
// invoices per subscription, per minute", "20 new invoices per subscription, per day" and "200 quantity updates per
// subscription, per hour". Over a limit Stripe answers 429 with code `rate_limit`; the limiter is one object's, so
// the `Stripe-Rate-Limited-Reason` header says `resource-specific` (../door/rate-limit.ts). The messages are the
// sandbox's own: Stripe documents the limits, not the words of the refusal.
//
// The limits are the API's, so the sandbox counts and refuses API requests only: an invoice Stripe makes on its own
// clock (a renewal) or a change on the hosted portal page neither counts nor is refused. The count is read from the
// account's event log, on the account's clock (a subscription on a test clock too: its requests come in real time,
// whatever its clock says, so each event counts from when it was made, `core.madeAt`): each `invoice.created` an API
// request caused, and each API request whose `customer.subscription.updated` changed the item's quantity. A change is refused before it
// changes anything, by calling `refuseOverSubscriptionLimits` before the first mutation.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { RateLimitedError } from '../door/rate-limit'

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const SUBSCRIPTION_LIMITS = {
  invoicesPerMinute: 10,
  invoicesPerDay: 20,
  quantityUpdatesPerHour: 200,
} as const

/** What the request about to run would do to the subscription. */
export type SubscriptionWork = { createsInvoice: boolean; changesQuantity?: boolean }

export function refuseOverSubscriptionLimits(core: Core, subscription: Stripe.Subscription, work: SubscriptionWork): void {
  if (core.currentRequest === null) return
  const now = core.accountNow()
  if (work.createsInvoice) {
    const invoices = invoicesCreatedSince(core, subscription.id, now - DAY)
    const lastMinute = invoices.filter((created) => created > now - MINUTE).length
    if (lastMinute >= SUBSCRIPTION_LIMITS.invoicesPerMinute) throw limitReached(subscription.id, `${SUBSCRIPTION_LIMITS.invoicesPerMinute} new invoices per minute`)
    if (invoices.length >= SUBSCRIPTION_LIMITS.invoicesPerDay) throw limitReached(subscription.id, `${SUBSCRIPTION_LIMITS.invoicesPerDay} new invoices per day`)
  }
  if (work.changesQuantity && quantityUpdatesSince(core, subscription.id, now - HOUR) >= SUBSCRIPTION_LIMITS.quantityUpdatesPerHour) {
    throw limitReached(subscription.id, `${SUBSCRIPTION_LIMITS.quantityUpdatesPerHour} quantity updates per hour`)
  }
}

function limitReached(subscriptionId: string, limit: string): RateLimitedError {
  return new RateLimitedError(
    `Too many requests for the subscription ${subscriptionId}: Stripe allows ${limit} per subscription. Learn more about rate limits at https://stripe.com/docs/rate-limits.`,
    'resource-specific',
  )
}

/** The `created` time of each invoice API requests made for the subscription since `since`. */
function invoicesCreatedSince(core: Core, subscriptionId: string, since: number): number[] {
  const times: number[] = []
  for (const event of apiEventsSince(core, subscriptionId, since)) {
    if (event.type === 'invoice.created') times.push(core.madeAt(event))
  }
  return times
}

/** How many API requests changed the quantity of one of the subscription's items since `since`. */
function quantityUpdatesSince(core: Core, subscriptionId: string, since: number): number {
  const requests = new Set<string>()
  for (const event of apiEventsSince(core, subscriptionId, since)) {
    if (event.type !== 'customer.subscription.updated') continue
    // Any item's quantity (the licensed one: metered items have none), matched by id.
    const previous = event.data.previous_attributes?.items?.data ?? []
    const changed = previous.some((before) => before.quantity !== undefined && event.data.object.items.data.some((item) => item.id === before.id && item.quantity !== before.quantity))
    if (changed && event.request?.id) requests.add(event.request.id)
  }
  return requests.size
}

/** The subscription an event is about: the subscription itself, or an invoice of it. */
function subscriptionOf(event: Stripe.Event): string | null {
  if (event.type === 'customer.subscription.updated') return event.data.object.id
  if (event.type !== 'invoice.created') return null
  const subscription = event.data.object.parent?.subscription_details?.subscription
  return typeof subscription === 'string' ? subscription : (subscription?.id ?? null)
}

/**
 * Events about the subscription that API requests caused since `since`, newest first. Events are in the order they
 * were made on the account's clock (`core.madeAt`, and that clock only moves forward), so the walk stops at the first
 * API event older than the window; events Stripe made on its own (`request.id` null, bulk-seeded history among
 * them) are skipped.
 */
function* apiEventsSince(core: Core, subscriptionId: string, since: number): Generator<Stripe.Event> {
  for (let index = core.events.length - 1; index >= 0; index--) {
    const event = core.events[index]
    if (!event?.request?.id) continue
    if (core.madeAt(event) <= since) return
    if (subscriptionOf(event) === subscriptionId) yield event
  }
}
