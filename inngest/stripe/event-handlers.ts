import type { StripeEventHandler, StripeEventHandlerMap, StripeEventOf } from './handler'
import { endDeletedCustomer } from './handlers/end-deleted-customer'
import { keepSeatQuantity } from './handlers/keep-seat-quantity'
import { linkCheckoutCustomer } from './handlers/link-checkout-customer'
import { markPaymentActionRequired } from './handlers/mark-payment-action-required'
import { resolveDuplicateSubscription } from './handlers/resolve-duplicate-subscription'
import { saveCheckoutSession } from './handlers/save-checkout-session'
import { saveInvoiceFromEvent } from './handlers/save-invoice'
import { sendBankPaymentFailedEmail } from './handlers/send-bank-payment-failed-email'
import { sendPaymentActionEmail } from './handlers/send-payment-action-email'
import { sendPaymentFailedEmail } from './handlers/send-payment-failed-email'
import { sendTrialEndingEmail } from './handlers/send-trial-ending-email'
import { syncCatalogObject } from './handlers/sync-catalog-object'
import { syncCustomer } from './handlers/sync-customer'

/**
 * Every Stripe event type Tollgate handles, and what runs for it, in order. This map is the only list:
 * the webhook route hands these types to Inngest (and records any other type as ignored), one Inngest function
 * is made per type, and `npm run stripe:events` prints them for the Stripe endpoint's settings.
 * To handle a new event: write a handler in ./handlers/, add one line here (docs/recipes/add-a-webhook-event.md).
 */
export const stripeEventHandlers = {
  'checkout.session.completed': [linkCheckoutCustomer, saveCheckoutSession, resolveDuplicateSubscription, syncCustomer],
  'checkout.session.async_payment_succeeded': [saveCheckoutSession, syncCustomer],
  'checkout.session.async_payment_failed': [saveCheckoutSession, syncCustomer, sendBankPaymentFailedEmail],
  // A session nobody paid within its 24 hours: the row says so, so the next checkout does not try to expire it again.
  'checkout.session.expired': [saveCheckoutSession],
  'customer.deleted': [endDeletedCustomer],
  'customer.subscription.created': [syncCustomer],
  'customer.subscription.updated': [syncCustomer, keepSeatQuantity],
  'customer.subscription.deleted': [syncCustomer],
  'customer.subscription.paused': [syncCustomer],
  'customer.subscription.resumed': [syncCustomer],
  'customer.subscription.trial_will_end': [sendTrialEndingEmail],
  // A plan change scheduled for the period's end (lib/billing/plan-changes/): /billing shows it from the row.
  'subscription_schedule.created': [syncCustomer],
  'subscription_schedule.updated': [syncCustomer],
  'subscription_schedule.released': [syncCustomer],
  'subscription_schedule.canceled': [syncCustomer],
  'subscription_schedule.completed': [syncCustomer],
  'invoice.created': [saveInvoiceFromEvent],
  'invoice.finalized': [saveInvoiceFromEvent],
  'invoice.updated': [saveInvoiceFromEvent],
  // No customer sync: a renewal is paid an hour after its draft, and nothing on the subscription changes then (the
  // invoice handler moves the row's invoice status); a status change comes with customer.subscription.updated.
  'invoice.paid': [saveInvoiceFromEvent],
  'invoice.payment_failed': [saveInvoiceFromEvent, syncCustomer, sendPaymentFailedEmail],
  'invoice.payment_action_required': [saveInvoiceFromEvent, syncCustomer, markPaymentActionRequired, sendPaymentActionEmail],
  'invoice.marked_uncollectible': [saveInvoiceFromEvent],
  'invoice.voided': [saveInvoiceFromEvent],
  'invoice.deleted': [saveInvoiceFromEvent],
  'product.created': [syncCatalogObject],
  'product.updated': [syncCatalogObject],
  'product.deleted': [syncCatalogObject],
  'price.created': [syncCatalogObject],
  'price.updated': [syncCatalogObject],
  'price.deleted': [syncCatalogObject],
} satisfies StripeEventHandlerMap

export type HandledStripeEventType = keyof typeof stripeEventHandlers

export const handledStripeEventTypes = Object.keys(stripeEventHandlers) as HandledStripeEventType[]

export function isHandledStripeEventType(type: string): type is HandledStripeEventType {
  return Object.hasOwn(stripeEventHandlers, type)
}

/** The map read by its key type, so a generic caller gets each type's handlers with their event type. */
const handlersByType: { [T in HandledStripeEventType]: readonly StripeEventHandler<StripeEventOf<T>>[] } = stripeEventHandlers

export const handlersFor = <T extends HandledStripeEventType>(type: T) => handlersByType[type]
