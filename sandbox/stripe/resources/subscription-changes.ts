// Changing a subscription: one implementation behind the API (subscription-update.ts), the portal page and a
// schedule's phases, so a click in the portal produces exactly the events the equivalent API call would.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { previousAttributes } from '../core/events'
import { addInterval } from '../core/time'
import { toWire } from '../core/wire'
import { ApiError, invalid } from '../door/errors'
import { claimInvoiceItems, createProrationItem, pendingItemLines } from './invoice-items'
import { recordFailedPayment } from './dunning'
import { createInvoice, payInvoice, type InvoiceLine } from './invoices'
import { cardError, charge, NO_PAYMENT_METHOD, paymentMethodFor, type ChargeResult } from './payment-methods'
import type { MeteredChange } from './item-changes'
import { usageLine } from './metered-usage'
import { planFromPrice } from './prices'
import { billingForChange, type ChangeBilling, type ProrationBehavior } from './prorations'
import { refuseOverSubscriptionLimits } from './subscription-limits'
import type { readPauseFields } from './subscription-pause'
import { advanceLines, createItem, itemOf } from './subscriptions'

export { requireSubscribablePrice } from './item-changes'

export const PAYMENT_BEHAVIORS = ['allow_incomplete', 'error_if_incomplete', 'pending_if_incomplete', 'default_incomplete'] as const

export type SubscriptionChange = {
  cancelAtPeriodEnd?: boolean
  /** null removes a scheduled cancellation. */
  cancelAt?: number | null
  metadata?: Stripe.Metadata
  /** The licensed item's new price and quantity. */
  price?: Stripe.Price
  quantity?: number
  /** Metered items added, moved to another price, or removed (item-changes.ts). */
  metered?: readonly MeteredChange[]
  prorationBehavior?: ProrationBehavior
  prorationDate?: number
  paymentBehavior?: (typeof PAYMENT_BEHAVIORS)[number]
  /** `trial_end=now`: the trial ends at once. */
  endTrialNow?: boolean
  comment?: string | null
  /** The reason a customer picked (the portal's cancellation survey, or `cancellation_details[feedback]`); null unsets it. */
  feedback?: Stripe.Subscription.CancellationDetails.Feedback | null
  /** pause_collection and trial_settings (subscription-pause.ts). */
  pause?: ReturnType<typeof readPauseFields>
  /** The card this subscription's invoices are charged with, before the customer's default; null unsets it. */
  defaultPaymentMethod?: string | null
}

const NOTHING_TO_CHARGE: ChargeResult = { status: 'succeeded', paymentMethod: null }

/** `now`: when the change happens; a schedule's phase ending mid-period changes the price at the phase's end. */
export function changeSubscription(core: Core, subscription: Stripe.Subscription, change: SubscriptionChange, now = core.now()): Stripe.Subscription {
  const item = itemOf(subscription)
  const before = toWire(subscription)
  if (change.endTrialNow) {
    applyFields(subscription, change, now)
    applyMeteredChanges(core, subscription, change.metered ?? [], now, item.current_period_end)
    return endTrialNow(core, subscription, before, { price: change.price, quantity: change.quantity })
  }
  const priceChange = change.price || change.quantity !== undefined ? { price: change.price ?? item.price, quantity: change.quantity ?? item.quantity ?? 1, prorationBehavior: change.prorationBehavior, prorationDate: change.prorationDate } : null
  const billing = billingForItems(core, subscription, change, now)
  refuseOverSubscriptionLimits(core, subscription, { createsInvoice: Boolean(billing?.invoicesNow), changesQuantity: priceChange !== null && priceChange.quantity !== (item.quantity ?? 1) })
  // The change's payment is made with the card the request sets, if it sets one, else the subscription's own.
  const payment = billing?.invoicesNow ? chargeFor(core, subscription, linesBilledNow(core, subscription, billing), change.defaultPaymentMethod) : NOTHING_TO_CHARGE
  // error_if_incomplete: "if a payment method requires 3DS authentication ... or the payment fails, this parameter
  // does not update the subscription and returns an error instead" (HTTP 402),
  // https://docs.stripe.com/api/subscriptions/update#update_subscription-payment_behavior. Checked before anything changes.
  if (payment.status !== 'succeeded' && change.paymentBehavior === 'error_if_incomplete') throw paymentError(payment)
  applyFields(subscription, change, now)
  if (priceChange) {
    item.price = priceChange.price
    item.plan = planFromPrice(priceChange.price)
    if (!isMeteredPrice(priceChange.price)) item.quantity = priceChange.quantity
  }
  if (billing?.resetsCycle) {
    subscription.billing_cycle_anchor = billing.periodStart
    for (const each of subscription.items.data) {
      each.current_period_start = billing.periodStart
      each.current_period_end = billing.periodEnd
    }
  }
  applyMeteredChanges(core, subscription, change.metered ?? [], now, billing?.periodEnd ?? item.current_period_end)
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
  if (!billing) return subscription
  // Every proration is an invoice item: pending until the next invoice, or billed by the one made now.
  const itemized = billing.prorations.map((line) => createProrationItem(core, subscription, line, null))
  if (!billing.invoicesNow) return subscription
  const lines = billing.resetsCycle ? [...pendingItemLines(core, subscription), ...(billing.newPeriod ? [billing.newPeriod] : [])] : itemized
  return invoiceNow(core, subscription, lines, payment)
}

const isMeteredPrice = (price: Stripe.Price) => price.recurring?.usage_type === 'metered'

/**
 * What a change bills: the licensed item's prorations (prorations.ts) and, in flexible billing mode, the usage a
 * metered price removed or replaced had counted so far: "we create an invoice item that bills for previously
 * reported metered usage when you remove a metered price from a subscription ... If you want to remove a metered
 * price without billing for it, set proration_behavior to none"
 * (https://docs.stripe.com/billing/subscriptions/usage-based/manage-billing-setup#update-prices-mid-cycle);
 * `clear_usage` deletes it instead. A restarted cycle (a new interval) bills every metered item's usage so far, as
 * its period ends there. Nothing is billed in a trial. Null: nothing to bill.
 */
export function billingForItems(core: Core, subscription: Stripe.Subscription, change: Pick<SubscriptionChange, 'price' | 'quantity' | 'metered' | 'prorationBehavior' | 'prorationDate'>, now: number): ChangeBilling | null {
  const item = itemOf(subscription)
  const priceChange = change.price || change.quantity !== undefined ? { price: change.price ?? item.price, quantity: change.quantity ?? item.quantity ?? 1, prorationBehavior: change.prorationBehavior, prorationDate: change.prorationDate } : null
  const licensed = priceChange ? billingForChange(core, subscription, item, priceChange, now) : null
  if (subscription.status === 'trialing') return licensed
  const at = change.prorationDate ?? now
  const leaving = new Map((change.metered ?? []).flatMap((entry) => (entry.kind === 'add' ? [] : [[entry.item.id, entry] as const])))
  const billed = subscription.items.data.filter((each) => {
    if (!isMeteredPrice(each.price)) return false
    const entry = leaving.get(each.id)
    if (entry) return !(entry.kind === 'delete' && entry.clearUsage) && change.prorationBehavior !== 'none'
    return licensed?.resetsCycle === true
  })
  // Each is an invoice item, as prorations are, and reads as one on a preview (`proration: true`).
  const usage = billed
    .map((each) => ({ ...usageLine(core, subscription, each, each.current_period_start, Math.max(each.current_period_start, at)), proration: true }))
    .filter((line) => line.amount !== 0 || (line.quantity ?? 0) > 0)
  if (usage.length === 0) return licensed
  const base = licensed ?? { prorations: [], newPeriod: null, invoicesNow: false, periodStart: item.current_period_start, periodEnd: item.current_period_end, resetsCycle: false }
  return { ...base, prorations: [...base.prorations, ...usage], invoicesNow: base.invoicesNow || change.prorationBehavior === 'always_invoice' }
}

/**
 * Metered items added, moved or removed. An added or moved item counts usage from now: "On future invoices, we reflect
 * only usage that occurs after the update ... Similar restrictions apply if you add a new subscription item with a
 * billing meter price in the middle of the subscription cycle"
 * (https://docs.stripe.com/billing/subscriptions/usage-based/manage-billing-setup#update-prices-mid-cycle).
 */
export function applyMeteredChanges(core: Core, subscription: Stripe.Subscription, changes: readonly MeteredChange[], now: number, periodEnd: number): void {
  for (const entry of changes) {
    if (entry.kind === 'add') subscription.items.data.push(createItem(core, subscription.id, { price: entry.price, quantity: null }, now, periodEnd))
    else if (entry.kind === 'swap') {
      entry.item.price = entry.price
      entry.item.plan = planFromPrice(entry.price)
      entry.item.current_period_start = now
    } else subscription.items.data = subscription.items.data.filter((each) => each.id !== entry.item.id)
  }
}

/**
 * The lines a change invoices at once, for a preview and for the payment check before the change: `always_invoice`
 * bills this change's prorations only (in flexible billing mode earlier pending items stay pending for the next
 * scheduled invoice, as charges added with the update do: https://docs.stripe.com/billing/subscriptions/pending-updates);
 * a restarted cycle opens a new period, whose first invoice also takes the subscription's pending items, as a
 * renewal does.
 */
export function linesBilledNow(core: Core, subscription: Stripe.Subscription, billing: ChangeBilling): InvoiceLine[] {
  const newPeriod = billing.newPeriod ? [billing.newPeriod] : []
  return billing.resetsCycle ? [...pendingItemLines(core, subscription), ...billing.prorations, ...newPeriod] : [...billing.prorations, ...newPeriod]
}

function applyFields(subscription: Stripe.Subscription, change: SubscriptionChange, now: number): void {
  const item = itemOf(subscription)
  const details = subscription.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null }
  const schedule = (cancelAt: number | null, atPeriodEnd: boolean) => {
    subscription.cancel_at = cancelAt
    subscription.cancel_at_period_end = atPeriodEnd
    subscription.canceled_at = cancelAt === null ? null : now
    details.reason = cancelAt === null ? null : 'cancellation_requested'
  }
  if (change.cancelAtPeriodEnd !== undefined) schedule(change.cancelAtPeriodEnd ? item.current_period_end : null, change.cancelAtPeriodEnd)
  if (change.cancelAt !== undefined) schedule(change.cancelAt, false)
  if (change.comment !== undefined) details.comment = change.comment
  if (change.feedback !== undefined) details.feedback = change.feedback
  subscription.cancellation_details = details
  if (change.metadata) subscription.metadata = change.metadata
  if (change.pause) Object.assign(subscription, change.pause)
  if (change.defaultPaymentMethod !== undefined) subscription.default_payment_method = change.defaultPaymentMethod
}

/** The invoice a change makes now, charged to the subscription's payment method. */
function invoiceNow(core: Core, subscription: Stripe.Subscription, lines: readonly InvoiceLine[], payment: ChargeResult): Stripe.Subscription {
  const invoice = createInvoice(core, subscription, 'subscription_update', lines)
  claimInvoiceItems(core, invoice)
  subscription.latest_invoice = invoice.id
  core.emit('invoice.created', invoice)
  if (payment.status === 'succeeded' || invoice.amount_due === 0) {
    payInvoice(core, invoice, { paymentMethod: payment.paymentMethod })
    return subscription
  }
  // allow_incomplete (the default): the change stays and the subscription goes past_due until the invoice is
  // paid (https://docs.stripe.com/billing/subscriptions/pending-updates: "By default, updates are applied
  // regardless of whether payment on the new invoice succeeds").
  recordFailedPayment(core, subscription, invoice, payment)
  return subscription
}

/**
 * `trial_end=now` "ends the customer's trial immediately": the cycle restarts now and the first period is invoiced
 * and charged at once (https://docs.stripe.com/billing/subscriptions/trials#ending-trials-early), with the price
 * and quantity of the same request. Stripe then sends `customer.subscription.trial_will_end` at once: it "occurs
 * three days before a subscription's trial period is scheduled to end, or immediately when a trial is ended early
 * (for example, with trial_end=now or when a Customer Portal plan change ends a trial)"
 * (https://docs.stripe.com/api/events/types#event_types-customer.subscription.trial_will_end).
 */
export function endTrialNow(core: Core, subscription: Stripe.Subscription, before: object, change: { price?: Stripe.Price; quantity?: number } = {}): Stripe.Subscription {
  if (subscription.status !== 'trialing') throw invalid('This subscription is not in a trial.', 'trial_end')
  const item = itemOf(subscription)
  const price = change.price ?? item.price
  const recurring = price.recurring
  if (!recurring) throw invalid('This subscription has no recurring price.', 'trial_end')
  refuseOverSubscriptionLimits(core, subscription, { createsInvoice: true })
  const now = core.now()
  item.price = price
  item.plan = planFromPrice(price)
  item.quantity = change.quantity ?? item.quantity
  item.current_period_start = now
  item.current_period_end = addInterval(now, recurring.interval, recurring.interval_count)
  subscription.billing_cycle_anchor = now
  subscription.trial_end = now
  subscription.status = 'active'
  for (const each of subscription.items.data) {
    each.current_period_start = now
    each.current_period_end = item.current_period_end
  }
  const invoice = createInvoice(core, subscription, 'subscription_update', [...pendingItemLines(core, subscription), ...advanceLines(subscription, now, item.current_period_end)])
  claimInvoiceItems(core, invoice)
  subscription.latest_invoice = invoice.id
  core.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription))
  core.emit('customer.subscription.trial_will_end', subscription)
  core.emit('invoice.created', invoice)
  const payment = chargeFor(core, subscription, [{ amount: invoice.amount_due }])
  if (payment.status === 'succeeded' || invoice.amount_due === 0) payInvoice(core, invoice, { paymentMethod: payment.paymentMethod })
  else recordFailedPayment(core, subscription, invoice, payment)
  return subscription
}

/**
 * How the subscription's payment method answers a charge Stripe makes without the customer there (an update charged
 * now is off-session: https://docs.stripe.com/billing/subscriptions/upgrade-downgrade#immediate-payment); nothing to
 * charge always succeeds.
 */
function chargeFor(core: Core, subscription: Stripe.Subscription, lines: readonly { amount: number }[], newDefault?: string | null): ChargeResult {
  if (lines.reduce((sum, line) => sum + line.amount, 0) <= 0) return NOTHING_TO_CHARGE
  return charge(paymentMethodFor(core, subscription, newDefault), 'off_session')
}

/**
 * A declined card answers 402 `card_error` with the card's code and decline code (`card_declined`,
 * `generic_decline` or `insufficient_funds`: https://docs.stripe.com/declines/codes,
 * https://docs.stripe.com/testing#declined-payments); a charge that needs 3D Secure answers 402
 * `invoice_payment_intent_requires_action` ("This payment requires additional user action before it can be completed
 * successfully", https://docs.stripe.com/error-codes#invoice-payment-intent-requires-action); no payment method at
 * all, Stripe's `resource_missing` with its message.
 */
function paymentError(payment: Exclude<ChargeResult, { status: 'succeeded' }>): ApiError {
  if (payment.status === 'requires_payment_method' && payment.paymentMethod === null) return new ApiError(400, 'invalid_request_error', NO_PAYMENT_METHOD, 'resource_missing')
  if (payment.status === 'requires_payment_method') return cardError(payment.error)
  return new ApiError(
    402,
    'card_error',
    'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.',
    'invoice_payment_intent_requires_action',
  )
}

