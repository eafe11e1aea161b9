import { deleteExpiredRows } from './delete-expired-rows'
import { reconcileBilling } from './reconcile-billing'
import { createStripeFunction } from './stripe/create-stripe-function'
import { stripeEventHandlers } from './stripe/event-handlers'

/** Every Inngest function the app serves at /api/inngest. Add your own jobs here (docs/recipes/add-a-job.md). */
export const functions = [
  ...Object.entries(stripeEventHandlers).map(([type, handlers]) => createStripeFunction(type, handlers)),
  reconcileBilling,
  deleteExpiredRows,
]
