import type Stripe from 'stripe'

/**
 * Where a Stripe event's customer is, declared per event type beside the handler map
 * (inngest/stripe/event-handlers.ts → stripeEventCustomers):
 * - `object`: the object's own `customer` (a subscription, an invoice, a Checkout Session);
 * - `self`: the object is the customer (customer.*);
 * - `charge`, `payment_intent`, `invoice`: the object names one of those, and its `customer` is the event's (a
 *   dispute or a refund names a charge and a payment intent; an invoice payment names an invoice). Events carry
 *   such a field as an id, so the customer is fetched, once, by the Inngest function (never by the webhook route);
 * - `none`: the object belongs to no customer (the catalog).
 */
export type CustomerSource = 'object' | 'self' | 'none' | RelatedResource
export type RelatedResource = 'charge' | 'payment_intent' | 'invoice'

/** The sources an object of this shape allows: a dispute cannot claim `object`, a price cannot claim `invoice`. */
export type CustomerSourceFor<O> =
  | (O extends { object: 'customer' } ? 'self' : never)
  | (O extends { customer: unknown } ? 'object' : 'none')
  | Extract<keyof O, RelatedResource>

/** What the event's payload says: the customer (or that there is none), or which object to read it from. */
export type PayloadCustomer = { customer: string | null } | { lookup: { resource: RelatedResource; id: string } }

/** "A Stripe id or its expanded object" → the id. */
export function stripeIdOf(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') return value.id
  return null
}

export function customerInPayload(event: Stripe.Event, source: CustomerSource = 'object'): PayloadCustomer {
  const object = event.data.object as unknown as Record<string, unknown>
  switch (source) {
    case 'none':
      return { customer: null }
    case 'self':
      return { customer: stripeIdOf(object.id) }
    case 'object':
      // A customer event read with the default source is still its own customer (tools that know no declaration).
      return { customer: object.object === 'customer' ? stripeIdOf(object.id) : stripeIdOf(object.customer) }
    default: {
      const related = object[source]
      if (typeof related === 'string') return { lookup: { resource: source, id: related } }
      // Absent (a dispute on a charge with no payment intent), or expanded: its customer, or none.
      const expanded = related && typeof related === 'object' ? (related as { customer?: unknown }) : null
      return { customer: stripeIdOf(expanded?.customer) }
    }
  }
}

/** The customer the payload names, without asking Stripe: null when there is none or it needs a lookup. */
export function customerOf(event: Stripe.Event, source: CustomerSource = 'object'): string | null {
  const found = customerInPayload(event, source)
  return 'customer' in found ? found.customer : null
}

/** Whether events of this source may need a Stripe GET to find their customer. */
export const mayNeedLookup = (source: CustomerSource): source is RelatedResource => source === 'charge' || source === 'payment_intent' || source === 'invoice'

/**
 * The event's customer, reading the related object from Stripe only when the payload names it by id: one GET
 * (retrieves are idempotent, so a retried step costs a request and changes nothing). Call it with the background
 * client (requireBackgroundStripe), whose per-second budget every function shares (lib/stripe/request-budget.ts).
 */
export async function resolveEventCustomer(stripe: Stripe, event: Stripe.Event, source: CustomerSource): Promise<string | null> {
  const found = customerInPayload(event, source)
  if ('customer' in found) return found.customer
  const { resource, id } = found.lookup
  const related =
    resource === 'charge' ? await stripe.charges.retrieve(id) : resource === 'payment_intent' ? await stripe.paymentIntents.retrieve(id) : await stripe.invoices.retrieve(id)
  return stripeIdOf(related.customer)
}
