import { compareSubscriptions } from './compare-subscriptions'
import { deleteExpiredRows } from './delete-expired-rows'
import { operatorDailyReport } from './operator-daily-report'
import { pruneLedgerPayloads } from './prune-ledger-payloads'
import { reconcileBilling } from './reconcile-billing'
import { reconcileCustomerFunction } from './reconcile-customer'
import { createStripeFunctions } from './stripe/create-stripe-function'
import { syncOrganizationSeats } from './sync-organization-seats'
import { customerSourceOf, handledStripeEventTypes, handlersFor, type HandledStripeEventType } from './stripe/event-handlers'
import { sweepSubscriptions } from './sweep-subscriptions'
import { syncStripeCustomerFunction } from './sync-stripe-customer'
import { recordMeterErrorReportsFunction } from './usage/record-meter-error-reports'
import { reconcileUsageFunction } from './usage/reconcile-usage'
import { sendUsageEvents } from './usage/send-usage-events'

/** Every Inngest function the app serves at /api/inngest. Add your own jobs here (docs/recipes/add-a-job.md). */
export const functions = [
  ...handledStripeEventTypes.flatMap(<T extends HandledStripeEventType>(type: T) => createStripeFunctions(type, handlersFor(type), customerSourceOf(type))),
  syncStripeCustomerFunction,
  reconcileBilling,
  reconcileCustomerFunction,
  sweepSubscriptions,
  compareSubscriptions,
  deleteExpiredRows,
  syncOrganizationSeats,
  operatorDailyReport,
  pruneLedgerPayloads,
  sendUsageEvents,
  reconcileUsageFunction,
  recordMeterErrorReportsFunction,
]
