import type Stripe from 'stripe'

export type StripeEventOf<T extends Stripe.Event.Type> = Extract<Stripe.Event, { type: T }>

/**
 * One piece of work for a Stripe event, run by Inngest as a step (retried on error, skipped on a retry of the
 * run once it succeeded). `run` must be idempotent: Stripe and Inngest both deliver at least once.
 * Its result is stored by Inngest, so return something small and JSON-serialisable (or nothing).
 */
export type StripeEventHandler<E extends Stripe.Event = Stripe.Event> = {
  /** The step id: kebab-case, unique among the handlers of one event type. */
  id: string
  // A property, not a method: TypeScript checks a property's parameters strictly (a method's bivariantly), so a
  // handler for one event type cannot be listed under another. A general handler (Stripe.Event) fits every type.
  // `context.customer`: the event's customer as its declared source finds it (stripeEventCustomers), fetched from
  // Stripe before the handlers run when the payload names it only through a charge, a payment intent or an invoice.
  run: (event: E, stripe: Stripe, context: StripeEventContext) => Promise<unknown>
}

export type StripeEventContext = { customer: string | null }

export type StripeEventHandlerMap = { [T in Stripe.Event.Type]?: readonly StripeEventHandler<StripeEventOf<T>>[] }

/** Whether a payload Inngest hands back is a Stripe event of this type: what the function was triggered by. */
export function isStripeEventOf<T extends Stripe.Event.Type>(data: unknown, type: T): data is StripeEventOf<T> {
  if (typeof data !== 'object' || data === null) return false
  return 'object' in data && data.object === 'event' && 'id' in data && typeof data.id === 'string' && 'type' in data && data.type === type
}
