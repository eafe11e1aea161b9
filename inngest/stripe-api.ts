// Flow control shared by every Inngest function that calls Stripe.
//
// The rate itself is held by the background Stripe client (lib/stripe/client.ts → requireBackgroundStripe): one
// per-second budget in the database that every function and instance draws from, because Inngest's `throttle` is
// per function even with the same key. This concurrency group (scope "env", one constant key, so it is shared
// across functions) keeps Inngest from starting more Stripe steps at once than that budget can feed, so runs queue
// in Inngest rather than wait inside a step.

/** Stripe steps in flight at once, across every function. */
export const STRIPE_STEPS_IN_FLIGHT = 10

export const stripeApiConcurrency = { scope: 'env', key: '"stripe-api"', limit: STRIPE_STEPS_IN_FLIGHT } as const

/**
 * One run at a time per customer, across every function (scope "env"), so a customer is never synced twice at
 * once. `expression` is where the event holds the customer id; the group name is the same for every function.
 */
export const perCustomerConcurrency = (expression: string) => ({ scope: 'env', key: `"stripe-customer:" + string(${expression})`, limit: 1 }) as const
