// What Stripe does at a renewal, a trial's end or a period's end. A renewal is two steps an hour apart: the period
// ends and its invoice is drafted (startRenewal), then Stripe finalizes the draft and charges the subscription's
// payment method (finalizeRenewal, scheduled work). On a test clock the clock runs both when its time comes
// (flows/clock-cycle.ts); for a subscription on the account's own time, the simulations below run both, moving the
// account's clock through the hour. Their events carry `request: { id: null }`, as Stripe's automatic events do.
import type Stripe from 'stripe'
import type { CardOutcome, Core, ScheduledWork } from '../core/core'
import { invalid } from '../door/errors'
import { advanceClockTo, registerWork, schedule } from '../core/scheduled-work'
import { nextPeriodEnd } from '../core/time'
import { previousAttributes } from '../core/events'
import { toWire } from '../core/wire'
import { payOpenInvoice, recordFailedPayment } from '../resources/dunning'
import { claimInvoiceItems, pendingItemLines } from '../resources/invoice-items'
import { createInvoice, finalizeInvoice, stopAutomaticCollection, type InvoiceLine } from '../resources/invoices'
import { charge, paymentMethodFor, resultOf, type ChargeResult } from '../resources/payment-methods'
import { endTrialWithoutPaymentMethod } from '../resources/subscription-pause'
import { advanceSchedule } from '../resources/schedule-transitions'
import { advanceLines, isLive, itemOf, requireSubscription } from '../resources/subscriptions'
import { applyCreditGrants } from '../resources/credit-grants'
import { refreshUsageLines, usageLines } from '../resources/metered-usage'
import { declined } from '../resources/test-cards'

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

/**
 * A simulation moves a subscription on the account's own time. One on a test clock moves only with its clock, as it
 * would on a real account, so a simulation there is refused with the Stripe operation that does it.
 */
export function refuseOnTestClock(subscription: Stripe.Subscription): void {
  const clock = typeof subscription.test_clock === 'string' ? subscription.test_clock : subscription.test_clock?.id
  if (clock) {
    throw invalid(`Subscription ${subscription.id} is on test clock ${clock}: advance the clock (POST /v1/test_helpers/test_clocks/${clock}/advance) to move it through time.`)
  }
}

function live(core: Core, id: string): Stripe.Subscription {
  const subscription = requireSubscription(core, id)
  refuseOnTestClock(subscription)
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

/**
 * The renewal's invoice: each licensed item's new period, billed in advance; each metered item's usage for the period
 * that just ended, billed in arrears (`usage`, metered-usage.ts); then the subscription's pending invoice items
 * (prorations left by create_prorations: https://docs.stripe.com/api/invoiceitems/create#create_invoiceitem-invoice).
 */
export function renewalInvoice(core: Core, subscription: Stripe.Subscription, periodStart: number, periodEnd: number, usage: readonly InvoiceLine[]): Stripe.Invoice {
  const advance = advanceLines(subscription, periodStart, periodEnd)
  const lines: InvoiceLine[] = [...advance, ...usage, ...pendingItemLines(core, subscription)]
  if (lines.length === 0) lines.push({ item: itemOf(subscription), amount: 0, periodStart, periodEnd })
  const invoice = createInvoice(core, subscription, 'subscription_cycle', lines, { finalizesAt: core.now() + DRAFT_HOUR })
  claimInvoiceItems(core, invoice)
  return invoice
}

/**
 * The period ends: the next one starts whatever the payment does, and its invoice is created as a draft
 * (`invoice.created`) that Stripe finalizes and charges about an hour later (https://docs.stripe.com/billing/invoices/subscription).
 * A trial's end is the same step: the subscription "moves to active when the trial period is over"
 * (https://docs.stripe.com/api/subscriptions/object#subscription_object-status). `payment` is how that charge goes;
 * without it, as the subscription's payment method answers. Returns the draft.
 * Metered usage is billed "at the end of the billing period" for that period
 * (https://docs.stripe.com/billing/subscriptions/usage-based/how-it-works), so its lines are read before a schedule's
 * phase changes the items; a trial's usage is not billed (the trial is free, https://docs.stripe.com/billing/subscriptions/trials).
 */
export function startRenewal(core: Core, subscription: Stripe.Subscription, payment?: CardOutcome): Stripe.Invoice {
  refuseDuringDraftHour(core, subscription)
  const start = itemOf(subscription).current_period_end
  const usage = subscription.status === 'trialing' ? [] : usageLines(core, subscription, start)
  advanceSchedule(core, subscription)
  const item = itemOf(subscription)
  const recurring = item.price.recurring
  if (!recurring) throw new Error(`subscription ${subscription.id} has a non-recurring price`)
  const before = toWire(subscription)
  const end = nextPeriodEnd(subscription.billing_cycle_anchor, recurring, start)
  for (const each of subscription.items.data) {
    each.current_period_start = start
    each.current_period_end = end
  }
  const invoice = renewalInvoice(core, subscription, start, end, usage)
  subscription.latest_invoice = invoice.id
  if (subscription.status === 'trialing') subscription.status = 'active'
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
  core.emit('invoice.created', invoice)
  schedule(core, { at: invoice.automatically_finalizes_at ?? core.now(), kind: FINALIZE_RENEWAL, subject: invoice.id, data: payment ? { payment } : {} })
  return invoice
}

/** A charge whose outcome a simulation chose; a chosen decline is Stripe's generic one. */
function chosenPayment(core: Core, subscription: Stripe.Subscription, payment: CardOutcome): ChargeResult {
  const method = paymentMethodFor(core, subscription)?.id ?? null
  if (payment === 'succeeds') return resultOf({ kind: 'succeeds' }, method)
  return resultOf(payment === 'declined' ? declined('generic_decline') : { kind: 'requires_action' }, method)
}

/** A charge a simulation declined (`failRenewal`). */
function declinedPayment(core: Core, subscription: Stripe.Subscription): Exclude<ChargeResult, { status: 'succeeded' }> {
  return { status: 'requires_payment_method', paymentMethod: paymentMethodFor(core, subscription)?.id ?? null, error: declined('generic_decline').error, retryable: true }
}

/**
 * The draft's hour is over: Stripe finalizes it and charges the subscription's payment method, off-session. A failed
 * attempt leaves the invoice open and the subscription past_due, retried on the account's schedule
 * (resources/dunning.ts). An unpaid subscription's invoices are "created, but then immediately automatically closed":
 * finalized, never attempted (the SDK's `Subscription.status`).
 */
function finalizeRenewal(core: Core, work: ScheduledWork): void {
  const invoice = core.invoices.get(work.subject)
  if (invoice?.status !== 'draft') return // finalized, voided or deleted meanwhile: nothing left to do
  const subscriptionId = invoice.parent?.subscription_details?.subscription
  const subscription = typeof subscriptionId === 'string' ? core.subscriptions.get(subscriptionId) : undefined
  if (!subscription || !isLive(subscription)) return stopAutomaticCollection(core, invoice)
  // The draft's hour lets usage reported late for the period reach its lines; then the customer's credit grants are
  // drawn on, before the invoice is finalized and charged (https://docs.stripe.com/billing/subscriptions/usage-based/billing-credits).
  refreshUsageLines(core, invoice)
  applyCreditGrants(core, invoice)
  if (subscription.status === 'unpaid') {
    finalizeInvoice(core, invoice)
    return stopAutomaticCollection(core, invoice)
  }
  const chosen = PAYMENTS.find((outcome) => outcome === work.data.payment)
  const payment = chosen ? chosenPayment(core, subscription, chosen) : charge(paymentMethodFor(core, subscription), 'off_session')
  if (payment.status === 'succeeded' || invoice.amount_due === 0) return payOpenInvoice(core, invoice, payment.paymentMethod)
  recordFailedPayment(core, subscription, invoice, payment)
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
  if ((subscription.status === 'past_due' || subscription.status === 'incomplete') && open?.status === 'open') {
    return recordFailedPayment(core, subscription, open, declinedPayment(core, subscription))
  }
  renewThroughDraftHour(core, subscription, 'declined')
}

export function payRenewal(core: Core, id: string): void {
  const subscription = live(core, id)
  const open = latestInvoice(core, subscription)
  // Paying the open invoice of an unpaid subscription reactivates it too (https://docs.stripe.com/billing/subscriptions/overview#unpaid).
  if (open?.status === 'open' && (subscription.status === 'past_due' || subscription.status === 'incomplete' || subscription.status === 'unpaid')) {
    return payOpenInvoice(core, open, paymentMethodFor(core, subscription)?.id ?? null)
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

/**
 * A scheduled cancellation takes effect (`cancel_at`, or the period's end for `cancel_at_period_end`): the
 * subscription "is canceled at the end of the period" with no new invoice
 * (https://docs.stripe.com/billing/subscriptions/cancel#cancel-at-end-of-cycle); `customer.subscription.deleted`.
 */
export function cancelAsScheduled(core: Core, subscription: Stripe.Subscription): void {
  subscription.status = 'canceled'
  subscription.ended_at = subscription.cancel_at ?? itemOf(subscription).current_period_end
  core.emit('customer.subscription.deleted', subscription)
}

/** The end of the current period: a scheduled cancellation takes effect, otherwise the subscription renews. */
export function endPeriod(core: Core, id: string): void {
  const subscription = live(core, id)
  const end = itemOf(subscription).current_period_end
  if (subscription.cancel_at_period_end || (subscription.cancel_at !== null && subscription.cancel_at <= end)) return cancelAsScheduled(core, subscription)
  payRenewal(core, id)
}
