// What Stripe does at a renewal, a trial's end or a period's end, on the account's clock. A renewal is two steps an
// hour apart: the period ends and its invoice is drafted (startRenewal), then Stripe finalizes the draft and attempts
// payment (finalizeRenewal, scheduled work). The simulations run both, moving the clock through the hour. Their
// events carry `request: { id: null }`, as Stripe's automatic events do.
import type Stripe from 'stripe'
import type { CardOutcome, Core, ScheduledWork } from '../core/core'
import { invalid } from '../door/errors'
import { previousAttributes } from '../core/events'
import { advanceClockTo, registerWork, schedule } from '../core/scheduled-work'
import { nextPeriodEnd } from '../core/time'
import { toWire } from '../core/wire'
import { claimInvoiceItems, pendingItemLines } from '../resources/invoice-items'
import { createInvoice, failInvoice, payInvoice, stopAutomaticCollection, type InvoiceLine } from '../resources/invoices'
import { endTrialWithoutPaymentMethod } from '../resources/subscription-pause'
import { advanceSchedule } from '../resources/schedule-transitions'
import { amountOf, isLive, itemOf, requireSubscription } from '../resources/subscriptions'

/**
 * How long a renewal invoice stays a draft: "Stripe waits approximately one hour before finalizing the invoice and
 * attempting payment" (https://docs.stripe.com/billing/invoices/subscription), counted from the successful response to
 * `invoice.created` (https://docs.stripe.com/billing/subscriptions/webhooks#understand). The double counts from the
 * draft's creation: it does not model a failing endpoint delaying finalization by up to 72 hours (decision 0045).
 */
export const DRAFT_HOUR = 3600

export const FINALIZE_RENEWAL = 'finalize-renewal-invoice'
const PAYMENTS: readonly CardOutcome[] = ['succeeds', 'declined', 'requires_action']

export function registerBillingCycle(core: Core): void {
  registerWork(core, FINALIZE_RENEWAL, finalizeRenewal)
}

function live(core: Core, id: string): Stripe.Subscription {
  const subscription = requireSubscription(core, id)
  if (!isLive(subscription)) throw invalid(`Subscription ${id} is ${subscription.status}; it has no next period.`)
  // A paused subscription makes no invoices and does not advance (https://docs.stripe.com/billing/subscriptions/pause).
  if (subscription.status === 'paused') throw invalid(`Subscription ${id} is paused; it has no next period until it is resumed.`)
  return subscription
}

function latestInvoice(core: Core, subscription: Stripe.Subscription): Stripe.Invoice | undefined {
  const id = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : subscription.latest_invoice?.id
  return id ? core.invoices.get(id) : undefined
}

/** A renewal still in its draft hour has its next step already on the clock: no second renewal starts meanwhile. */
function refuseDuringDraftHour(core: Core, subscription: Stripe.Subscription): void {
  const draft = latestInvoice(core, subscription)
  if (draft?.status === 'draft' && draft.automatically_finalizes_at !== null) {
    throw invalid(`Subscription ${subscription.id}'s renewal invoice ${draft.id} is still a draft; Stripe finalizes it at ${new Date(draft.automatically_finalizes_at * 1000).toISOString()}.`)
  }
}

function setStatus(core: Core, subscription: Stripe.Subscription, status: Stripe.Subscription.Status): void {
  const before = toWire(subscription)
  subscription.status = status
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
}

/** The renewal's invoice: the new period at the item's price. Every line the next invoice bills joins `lines` here. */
export function renewalInvoice(core: Core, subscription: Stripe.Subscription, item: Stripe.SubscriptionItem, periodStart: number, periodEnd: number): Stripe.Invoice {
  // The subscription's pending invoice items (prorations left by create_prorations) go on its next invoice
  // (https://docs.stripe.com/api/invoiceitems/create#create_invoiceitem-invoice).
  const lines: InvoiceLine[] = [{ item, amount: amountOf(item), periodStart, periodEnd }, ...pendingItemLines(core, subscription)]
  const invoice = createInvoice(core, subscription, 'subscription_cycle', lines, { finalizesAt: core.now() + DRAFT_HOUR })
  claimInvoiceItems(core, invoice)
  return invoice
}

/**
 * The period ends: the next one starts whatever the payment does, and its invoice is created as a draft
 * (`invoice.created`) that Stripe finalizes and charges about an hour later (https://docs.stripe.com/billing/invoices/subscription).
 * A trial's end is the same step: the subscription "moves to active when the trial period is over"
 * (https://docs.stripe.com/api/subscriptions/object#subscription_object-status). `payment` is how that charge goes;
 * without it, as the customer's card answers (`setCard`). Returns the draft.
 */
export function startRenewal(core: Core, subscription: Stripe.Subscription, payment?: CardOutcome): Stripe.Invoice {
  refuseDuringDraftHour(core, subscription)
  advanceSchedule(core, subscription)
  const item = itemOf(subscription)
  const recurring = item.price.recurring
  if (!recurring) throw new Error(`subscription ${subscription.id} has a non-recurring price`)
  const before = toWire(subscription)
  const start = item.current_period_end
  item.current_period_start = start
  item.current_period_end = nextPeriodEnd(subscription.billing_cycle_anchor, recurring, start)
  const invoice = renewalInvoice(core, subscription, item, start, item.current_period_end)
  subscription.latest_invoice = invoice.id
  if (subscription.status === 'trialing') subscription.status = 'active'
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
  core.emit('invoice.created', invoice)
  schedule(core, { at: invoice.automatically_finalizes_at ?? core.now(), kind: FINALIZE_RENEWAL, subject: invoice.id, data: payment ? { payment } : {} })
  return invoice
}

/**
 * The draft's hour is over: Stripe finalizes it and attempts payment. A failed attempt leaves the invoice open and the
 * subscription past_due (https://docs.stripe.com/billing/subscriptions/overview#failed-payments); one that needs 3D
 * Secure also sends invoice.payment_action_required, the hosted invoice page being where the customer confirms
 * (https://docs.stripe.com/billing/subscriptions/overview#requires-action,
 * https://docs.stripe.com/billing/subscriptions/webhooks#payment-failures).
 */
function finalizeRenewal(core: Core, work: ScheduledWork): void {
  const invoice = core.invoices.get(work.subject)
  if (invoice?.status !== 'draft') return // finalized, voided or deleted meanwhile: nothing left to do
  const subscriptionId = invoice.parent?.subscription_details?.subscription
  const subscription = typeof subscriptionId === 'string' ? core.subscriptions.get(subscriptionId) : undefined
  if (!subscription || !isLive(subscription)) return stopAutomaticCollection(core, invoice)
  const payment = PAYMENTS.find((outcome) => outcome === work.data.payment) ?? core.cards.get(String(subscription.customer)) ?? 'succeeds'
  if (payment === 'succeeds' || invoice.amount_due === 0) return payInvoice(core, invoice)
  failInvoice(core, invoice, payment === 'requires_action' ? 'requires_action' : 'requires_payment_method')
  if (payment === 'requires_action') core.emit('invoice.payment_action_required', invoice)
  if (subscription.status !== 'past_due') setStatus(core, subscription, 'past_due')
}

/** A whole renewal, as the /sandbox controls and the tests ask for one: the period ends, an hour passes, the charge. */
function renewThroughDraftHour(core: Core, subscription: Stripe.Subscription, payment: CardOutcome): void {
  const draft = startRenewal(core, subscription, payment)
  advanceClockTo(core, draft.automatically_finalizes_at ?? core.now())
}

/** Starts a renewal and leaves its draft hour to the clock (`double.startRenewal`). */
export function beginRenewal(core: Core, id: string, payment?: CardOutcome): Stripe.Invoice {
  return startRenewal(core, live(core, id), payment)
}

/** A renewal whose off-session charge needs 3D Secure: past_due until the customer confirms. */
export function requireActionOnRenewal(core: Core, id: string): void {
  renewThroughDraftHour(core, live(core, id), 'requires_action')
}

export function failRenewal(core: Core, id: string): void {
  const subscription = live(core, id)
  // Already unpaid: Stripe retries the same invoice rather than starting another period.
  const open = latestInvoice(core, subscription)
  if ((subscription.status === 'past_due' || subscription.status === 'incomplete') && open?.status === 'open') return failInvoice(core, open)
  renewThroughDraftHour(core, subscription, 'declined')
}

export function payRenewal(core: Core, id: string): void {
  const subscription = live(core, id)
  const open = latestInvoice(core, subscription)
  // Paying the open invoice of an unpaid subscription reactivates it too (https://docs.stripe.com/billing/subscriptions/overview#unpaid).
  if (open?.status === 'open' && (subscription.status === 'past_due' || subscription.status === 'incomplete' || subscription.status === 'unpaid')) {
    payInvoice(core, open)
    return setStatus(core, subscription, 'active')
  }
  renewThroughDraftHour(core, subscription, 'succeeds')
}

export function trialWillEnd(core: Core, id: string): void {
  const subscription = live(core, id)
  if (subscription.status !== 'trialing') throw invalid(`Subscription ${id} is ${subscription.status}, not trialing.`)
  core.emit('customer.subscription.trial_will_end', subscription)
}

/** `hasPaymentMethod: false`: the trial ends with nothing to charge, and trial_settings decide (resources/subscription-pause.ts). */
export function endTrial(core: Core, id: string, hasPaymentMethod = true): void {
  const subscription = live(core, id)
  if (subscription.status !== 'trialing') throw invalid(`Subscription ${id} is ${subscription.status}, not trialing.`)
  if (!hasPaymentMethod && endTrialWithoutPaymentMethod(core, subscription)) return
  renewThroughDraftHour(core, subscription, hasPaymentMethod ? 'succeeds' : 'declined')
}

/** The end of the current period: a scheduled cancellation takes effect, otherwise the subscription renews. */
export function endPeriod(core: Core, id: string): void {
  const subscription = live(core, id)
  const end = itemOf(subscription).current_period_end
  if (subscription.cancel_at_period_end || (subscription.cancel_at !== null && subscription.cancel_at <= end)) {
    subscription.status = 'canceled'
    subscription.ended_at = subscription.cancel_at ?? end
    core.emit('customer.subscription.deleted', subscription)
    return
  }
  payRenewal(core, id)
}
