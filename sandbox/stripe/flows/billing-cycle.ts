// Clock-driven simulations: what Stripe does at a renewal, a trial's end or a period's end. Their events carry
// `request: { id: null }`, as Stripe's automatic events do.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import { previousAttributes } from '../core/events'
import { nextPeriodEnd } from '../core/time'
import { toWire } from '../core/wire'
import { claimInvoiceItems, pendingItemLines } from '../resources/invoice-items'
import { createInvoice, failInvoice, payInvoice } from '../resources/invoices'
import { endTrialWithoutPaymentMethod } from '../resources/subscription-pause'
import { advanceSchedule } from '../resources/subscription-schedules'
import { amountOf, isLive, itemOf, requireSubscription } from '../resources/subscriptions'

/** `requires_action`: the renewal's payment needs the customer (3D Secure on an off-session charge). */
type Outcome = 'paid' | 'failed' | 'requires_action'

function live(core: Core, id: string): Stripe.Subscription {
  const subscription = requireSubscription(core, id)
  if (!isLive(subscription)) throw invalid(`Subscription ${id} is ${subscription.status}; it has no next period.`)
  // A paused subscription makes no invoices and does not advance (https://docs.stripe.com/billing/subscriptions/pause).
  if (subscription.status === 'paused') throw invalid(`Subscription ${id} is paused; it has no next period until it is resumed.`)
  return subscription
}

function openInvoice(core: Core, subscription: Stripe.Subscription): Stripe.Invoice | undefined {
  const id = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : subscription.latest_invoice?.id
  const invoice = id ? core.invoices.get(id) : undefined
  return invoice?.status === 'open' ? invoice : undefined
}

function setStatus(core: Core, subscription: Stripe.Subscription, status: Stripe.Subscription.Status, before: object): void {
  subscription.status = status
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
}

/**
 * A renewal: the period advances whether or not the payment succeeds (the new invoice covers the new period),
 * then the invoice is paid or fails. A trial's end is the same step with the status moving to active.
 */
function cycle(core: Core, subscription: Stripe.Subscription, outcome: Outcome): void {
  advanceSchedule(core, subscription)
  const item = itemOf(subscription)
  const recurring = item.price.recurring
  if (!recurring) throw new Error(`subscription ${subscription.id} has a non-recurring price`)
  const before = toWire(subscription)
  const start = item.current_period_end
  item.current_period_start = start
  item.current_period_end = nextPeriodEnd(subscription.billing_cycle_anchor, recurring, start)
  // The subscription's pending invoice items (prorations left by create_prorations) go on its next invoice
  // (https://docs.stripe.com/api/invoiceitems/create#create_invoiceitem-invoice).
  const lines = [{ item, amount: amountOf(item), periodStart: start, periodEnd: item.current_period_end }, ...pendingItemLines(core, subscription)]
  const invoice = createInvoice(core, subscription, 'subscription_cycle', lines)
  claimInvoiceItems(core, invoice)
  subscription.latest_invoice = invoice.id
  if (subscription.status === 'trialing') subscription.status = outcome === 'paid' ? 'active' : 'past_due'
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
  core.emit('invoice.created', invoice)
  if (outcome === 'paid') return payInvoice(core, invoice)
  failInvoice(core, invoice, outcome === 'requires_action' ? 'requires_action' : 'requires_payment_method')
  // The attempt fails with the PaymentIntent in requires_action; Stripe sends invoice.payment_failed and
  // invoice.payment_action_required, with the hosted invoice page as the place to confirm
  // (https://docs.stripe.com/billing/subscriptions/overview#requires-action,
  // https://docs.stripe.com/billing/subscriptions/webhooks#payment-failures).
  if (outcome === 'requires_action') core.emit('invoice.payment_action_required', invoice)
  if (subscription.status !== 'past_due') setStatus(core, subscription, 'past_due', toWire(subscription))
}

/** A renewal whose off-session charge needs 3D Secure: the subscription goes past_due until the customer confirms. */
export function requireActionOnRenewal(core: Core, id: string): void {
  cycle(core, live(core, id), 'requires_action')
}

export function failRenewal(core: Core, id: string): void {
  const subscription = live(core, id)
  // Already unpaid: Stripe retries the same invoice rather than starting another period.
  const unpaid = subscription.status === 'past_due' || subscription.status === 'incomplete'
  const retry = unpaid ? openInvoice(core, subscription) : undefined
  if (retry) return failInvoice(core, retry)
  cycle(core, subscription, 'failed')
}

export function payRenewal(core: Core, id: string): void {
  const subscription = live(core, id)
  const open = openInvoice(core, subscription)
  // Paying the open invoice of an unpaid subscription reactivates it too (https://docs.stripe.com/billing/subscriptions/overview#unpaid).
  if (open && (subscription.status === 'past_due' || subscription.status === 'incomplete' || subscription.status === 'unpaid')) {
    const before = toWire(subscription)
    payInvoice(core, open)
    return setStatus(core, subscription, 'active', before)
  }
  cycle(core, subscription, 'paid')
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
  cycle(core, subscription, hasPaymentMethod ? 'paid' : 'failed')
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
