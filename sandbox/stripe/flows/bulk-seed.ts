// Many customers with a subscription each, put straight into the double's maps: a benchmark of a large account
// (100,000 customers) cannot afford 200,000 API calls to build it. The objects are the ones the API would make
// (same builders); only the webhooks for their creation are left out, as if the endpoint had not existed yet.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { buildEvent } from '../core/events'
import { createCustomer } from '../resources/customers'
import { createSubscription } from '../resources/subscriptions'
import { addInterval } from '../core/time'

/** What bulkSeed() puts straight into the double's maps, without an API call per object. */
export type BulkSeed = {
  /** How many customers, each with one subscription to `price`. */
  customers: number
  price: Stripe.Price
  status?: Stripe.Subscription.Status
  /** Also record a customer.subscription.created event per subscription (not delivered), for the events list. */
  events?: boolean
  /** The customer's metadata, by index (e.g. the app's userId). */
  metadata?: (index: number) => Stripe.Metadata
}

export function bulkSeed(core: Core, seed: BulkSeed): { customer: Stripe.Customer; subscription: Stripe.Subscription }[] {
  const recurring = seed.price.recurring
  if (!recurring) throw new Error('bulkSeed needs a recurring price')
  const eventsBefore = core.events.length
  const onEvent = core.onEvent
  core.onEvent = () => {}
  const seeded: { customer: Stripe.Customer; subscription: Stripe.Subscription }[] = []
  try {
    const now = core.now()
    for (let i = 0; i < seed.customers; i += 1) {
      const customer = createCustomer(core, { email: `seed${i}@example.com`, name: null, metadata: seed.metadata?.(i) ?? {} })
      const subscription = createSubscription(core, {
        customer: customer.id,
        items: [{ price: seed.price, quantity: 1 }],
        status: seed.status ?? 'active',
        periodStart: now,
        periodEnd: addInterval(now, recurring.interval, recurring.interval_count),
        trial: null,
        metadata: {},
      })
      seeded.push({ customer, subscription })
    }
  } finally {
    core.events.length = eventsBefore // drop the customer.created events createCustomer recorded
    core.onEvent = onEvent
  }
  if (seed.events) {
    for (const { subscription } of seeded) {
      core.events.push(buildEvent('customer.subscription.created', subscription, { request: { id: null, idempotency_key: null }, pendingWebhooks: 0, created: subscription.created }))
    }
  }
  return seeded
}
