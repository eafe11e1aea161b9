import { reconcileBilling } from './reconcile-billing'
import { reconcileCustomerFunction } from './reconcile-customer'
import { createStripeFunction } from './stripe/create-stripe-function'
import { stripeEventHandlers } from './stripe/event-handlers'
import { sweepSubscriptions } from './sweep-subscriptions'
import { syncStripeCustomerFunction } from './sync-stripe-customer'

/** Every Inngest function the app serves at /api/inngest. Add your own jobs here (docs/recipes/add-a-job.md). */
export const functions = [
  ...Object.entries(stripeEventHandlers).map(([type, handlers]) => createStripeFunction(type, handlers)),
  syncStripeCustomerFunction,
  reconcileBilling,
  reconcileCustomerFunction,
  sweepSubscriptions,
]
