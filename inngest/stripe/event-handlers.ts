import type { CustomerSource, CustomerSourceFor } from '@/lib/webhooks/event-customer'
import type { StripeEventRouting } from '@/lib/webhooks/receive-stripe-webhook'
import type { StripeEventHandler, StripeEventHandlerMap, StripeEventOf } from './handler'
import { endDeletedCustomer } from './handlers/end-deleted-customer'
import { keepSeatQuantity } from './handlers/keep-seat-quantity'
import { linkCheckoutCustomer } from './handlers/link-checkout-customer'
import { markPaymentActionRequired } from './handlers/mark-payment-action-required'
import { resolveDuplicateSubscription } from './handlers/resolve-duplicate-subscription'
import { saveCheckoutSession } from './handlers/save-checkout-session'
import { fulfillCreditPurchase } from './handlers/fulfill-credit-purchase'
import { saveInvoiceFromEvent } from './handlers/save-invoice'
import { sendBankPaymentFailedEmail } from './handlers/send-bank-payment-failed-email'
import { sendPaymentActionEmail } from './handlers/send-payment-action-email'
import { sendPaymentFailedEmail } from './handlers/send-payment-failed-email'
import { sendTrialEndingEmail } from './handlers/send-trial-ending-email'
import { sendUsageAlertEmail } from './handlers/send-usage-alert-email'
import { syncCatalogObject } from './handlers/sync-catalog-object'
import { syncCustomer } from './handlers/sync-customer'

/**
 * Every Stripe event type Tollgate handles, and what runs for it, in order. This map is the only list:
 * the webhook route hands these types to Inngest (and records any other type as ignored), one Inngest function
 * is made per type, and `npm run stripe:events` prints them for the Stripe endpoint's settings.
 * To handle a new event: write a handler in ./handlers/, add one line here (docs/recipes/add-a-webhook-event.md).
 */
export const stripeEventHandlers = {
  'checkout.session.completed': [linkCheckoutCustomer, saveCheckoutSession, resolveDuplicateSubscription, syncCustomer, fulfillCreditPurchase],
  'checkout.session.async_payment_succeeded': [saveCheckoutSession, syncCustomer, fulfillCreditPurchase],
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
  // A usage alert crossed (80 % or 100 % of a meter's allowance): the owner is emailed once per share and period.
  'billing.alert.triggered': [sendUsageAlertEmail],
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

type StripeObjectOf<T extends HandledStripeEventType> = StripeEventOf<T>['data']['object']
/** The types whose object has no `customer` of its own (and is not a customer): each must say where it is. */
type WithoutOwnCustomer<T extends HandledStripeEventType> = StripeObjectOf<T> extends { customer: unknown } | { object: 'customer' } ? never : T

/**
 * Where each event's customer is, when its object has no `customer` of its own (lib/webhooks/event-customer.ts):
 * the compiler asks for an entry for every such type in the map above, and accepts only a source the object has
 * (`charge` for a dispute, which names its charge). Every other type reads the object's `customer`. The ledger,
 * the concurrency key of its function, the organization's timeline and the operator console all use this answer.
 */
export const stripeEventCustomers: { [T in HandledStripeEventType as WithoutOwnCustomer<T>]: CustomerSourceFor<StripeObjectOf<T>> } & {
  [T in HandledStripeEventType]?: CustomerSourceFor<StripeObjectOf<T>>
} = {
  'customer.deleted': 'self',
  'product.created': 'none',
  'product.updated': 'none',
  'product.deleted': 'none',
  'price.created': 'none',
  'price.updated': 'none',
  'price.deleted': 'none',
}

export function customerSourceOf(type: string): CustomerSource {
  return (isHandledStripeEventType(type) && stripeEventCustomers[type]) || 'object'
}

/** What the webhook route needs from this map (lib takes it as an argument, so it never imports inngest/). */
export const stripeEventRouting: StripeEventRouting = { wanted: isHandledStripeEventType, customerSource: customerSourceOf }

/** The map read by its key type, so a generic caller gets each type's handlers with their event type. */
const handlersByType: { [T in HandledStripeEventType]: readonly StripeEventHandler<StripeEventOf<T>>[] } = stripeEventHandlers

export const handlersFor = <T extends HandledStripeEventType>(type: T) => handlersByType[type]
