import { deleteExpiredRows } from './delete-expired-rows'
import { reconcileBilling } from './reconcile-billing'
import { createStripeFunction } from './stripe/create-stripe-function'
import { syncOrganizationSeats } from './sync-organization-seats'
import { handledStripeEventTypes, handlersFor, type HandledStripeEventType } from './stripe/event-handlers'

/** Every Inngest function the app serves at /api/inngest. Add your own jobs here (docs/recipes/add-a-job.md). */
export const functions = [
  ...handledStripeEventTypes.map(<T extends HandledStripeEventType>(type: T) => createStripeFunction(type, handlersFor(type))),
  reconcileBilling,
  deleteExpiredRows,
  syncOrganizationSeats,
]
