// A subscription's failed payments and their recovery: the attempt fails and the subscription goes past_due, Stripe
// retries on the account's schedule, and once the last retry has failed the account's settings decide what becomes
// of the subscription and of the invoice (https://docs.stripe.com/billing/revenue-recovery/smart-retries,
// https://docs.stripe.com/billing/subscriptions/overview#failed-payments). Paying the open invoice brings the
// subscription back. The settings are the account's (core/revenue-recovery.ts, decision 0049).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { previousAttributes } from '../core/events'
import { toWire } from '../core/wire'
import { invalid } from '../door/errors'
import { failInvoice, markUncollectible, payInvoice } from './invoices'
import type { ChargeResult } from './payment-methods'
import { requireSubscription } from './subscriptions'

type LastRetryOutcome = Core['revenueRecovery']['subscriptionAfterLastRetry']

function setStatus(core: Core, subscription: Stripe.Subscription, status: Stripe.Subscription.Status): void {
  const before = toWire(subscription)
  subscription.status = status
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
}

/**
 * A charge of the subscription's invoice failed. A failed attempt leaves the invoice open and the subscription
 * `past_due`; one that needs 3D Secure also sends `invoice.payment_action_required`, the hosted invoice page being
 * where the customer confirms (https://docs.stripe.com/billing/subscriptions/overview#requires-action). With no
 * retry left (the schedule is spent, or there was no payment method to retry), the account's settings decide.
 */
export function recordFailedPayment(core: Core, subscription: Stripe.Subscription, invoice: Stripe.Invoice, result: Exclude<ChargeResult, { status: 'succeeded' }>): void {
  const retry = result.status === 'requires_payment_method' ? result.retryable : true
  const error = result.status === 'requires_payment_method' ? result.error : undefined
  const retries = failInvoice(core, invoice, result.status, { retry, details: { paymentMethod: result.paymentMethod, ...(error && { error }) } })
  if (result.status === 'requires_action') core.emit('invoice.payment_action_required', invoice)
  if (subscription.status !== 'past_due' && subscription.status !== 'unpaid') setStatus(core, subscription, 'past_due')
  // "Stripe doesn't retry payments if no payment methods are available": nothing was retried, so nothing ran out.
  if (!retries && retry) afterLastRetry(core, subscription, invoice, core.revenueRecovery.subscriptionAfterLastRetry)
}

/**
 * "If all retries for a payment fail": cancel the subscription, mark it unpaid, or leave it past_due; and leave the
 * invoice past due or mark it uncollectible (https://docs.stripe.com/billing/revenue-recovery/smart-retries). An
 * unpaid subscription keeps its open invoice: invoices "will be created, but then immediately automatically closed"
 * and none is attempted until it is paid (the SDK's `Subscription.status`).
 */
function afterLastRetry(core: Core, subscription: Stripe.Subscription, invoice: Stripe.Invoice, then: LastRetryOutcome): void {
  if (core.revenueRecovery.invoiceAfterLastRetry === 'uncollectible' && invoice.status === 'open') markUncollectible(core, invoice)
  if (then === 'past_due') return
  if (then === 'unpaid') return setStatus(core, subscription, 'unpaid')
  const now = core.now()
  subscription.status = 'canceled'
  subscription.canceled_at = now
  subscription.ended_at = now
  subscription.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: 'payment_failed' }
  core.emit('customer.subscription.deleted', subscription)
}

/**
 * The last of Stripe's retries fails, at once (`double.exhaustRetries`): what follows is `then`, or the account's
 * setting (Dashboard → Billing → Revenue recovery → "If all retries for a payment fail").
 */
export function exhaustRetries(core: Core, id: string, then: LastRetryOutcome = core.revenueRecovery.subscriptionAfterLastRetry): void {
  const subscription = requireSubscription(core, id)
  const invoiceId = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : subscription.latest_invoice?.id
  const invoice = invoiceId ? core.invoices.get(invoiceId) : undefined
  if (subscription.status !== 'past_due' || invoice?.status !== 'open') throw invalid(`Subscription ${id} is not past_due with an open invoice.`)
  failInvoice(core, invoice, 'requires_payment_method', { retry: false })
  afterLastRetry(core, subscription, invoice, then)
}

/**
 * An open (or uncollectible) invoice is paid: on the hosted invoice page, by a retry, or by a simulation. Paying the
 * latest invoice of a past_due or unpaid subscription makes it active again
 * (https://docs.stripe.com/billing/subscriptions/overview#unpaid).
 */
export function payOpenInvoice(core: Core, invoice: Stripe.Invoice, paymentMethod: string | null = null): void {
  payInvoice(core, invoice, { paymentMethod })
  const subscriptionId = invoice.parent?.subscription_details?.subscription
  const subscription = typeof subscriptionId === 'string' ? core.subscriptions.get(subscriptionId) : undefined
  const unpaid = subscription?.status === 'past_due' || subscription?.status === 'incomplete' || subscription?.status === 'unpaid'
  if (subscription && unpaid && subscription.latest_invoice === invoice.id) setStatus(core, subscription, 'active')
}
