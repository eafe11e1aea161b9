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
  run(event: E, stripe: Stripe): Promise<unknown>
}

export type StripeEventHandlerMap = { [T in Stripe.Event.Type]?: readonly StripeEventHandler<StripeEventOf<T>>[] }
