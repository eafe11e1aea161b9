// What a test clock's subscriptions have due, read from their state: a trial's three-day warning, a trial's end or a
// period's end (a renewal), a scheduled cancellation, and the next retry of an unpaid invoice. Reading it from the
// objects, rather than queueing it when they change, keeps it right through every change (a plan change restarting
// the cycle, a cancellation set and undone, a card replaced): what is due is always what the objects say. Work that
// is not in the objects' fields (a draft's hour, a session's expiry, a schedule's phase) waits in the clock's queue
// (core/scheduled-work.ts). Advancing the clock runs both, in time order (flows/test-clock-advance.ts).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { days } from '../core/time'
import { payOpenInvoice, recordFailedPayment } from '../resources/dunning'
import { charge, paymentMethodFor } from '../resources/payment-methods'
import { endTrialWithoutPaymentMethod } from '../resources/subscription-pause'
import { isLive, itemOf } from '../resources/subscriptions'
import { cancelAsScheduled, startRenewal } from './billing-cycle'

/** One thing due on a clock: when, in which order among things due the same second, and what it does. */
export type DueItem = { at: number; order: number; key: string; run: () => void }

/**
 * `customer.subscription.trial_will_end` "occurs three days before a subscription's trial period is scheduled to
 * end" (https://docs.stripe.com/api/events/types#event_types-customer.subscription.trial_will_end).
 */
const TRIAL_WARNING = days(3)

const clockOf = (object: { test_clock: string | Stripe.TestHelpers.TestClock | null }) =>
  typeof object.test_clock === 'string' ? object.test_clock : (object.test_clock?.id ?? null)

const earlier = (a: DueItem | undefined, b: DueItem): DueItem => (a && (a.at < b.at || (a.at === b.at && a.order <= b.order)) ? a : b)

/** The earliest thing the clock's subscriptions and invoices have due, or undefined when nothing is. */
export function nextDueOnClock(core: Core, clock: string): DueItem | undefined {
  let next: DueItem | undefined
  for (const subscription of core.subscriptions.values()) {
    if (clockOf(subscription) !== clock) continue
    for (const item of dueForSubscription(core, subscription)) next = earlier(next, item)
  }
  for (const invoice of core.invoices.values()) {
    if (clockOf(invoice) !== clock) continue
    const retry = dueRetry(core, invoice)
    if (retry) next = earlier(next, retry)
  }
  return next
}

function dueForSubscription(core: Core, subscription: Stripe.Subscription): DueItem[] {
  // A paused subscription "doesn't advance to a new billing period or generate invoices until it resumes".
  if (!isLive(subscription) || subscription.status === 'paused') return []
  const due: DueItem[] = []
  const trialEnd = subscription.trial_end
  const warning = `${subscription.id}@${trialEnd}`
  if (subscription.status === 'trialing' && trialEnd !== null && !core.trialWarningsSent.has(warning)) {
    due.push({
      at: trialEnd - TRIAL_WARNING,
      order: 0,
      key: `trial-warning:${warning}`,
      run: () => {
        core.trialWarningsSent.add(warning)
        core.emit('customer.subscription.trial_will_end', subscription)
      },
    })
  }
  const end = itemOf(subscription).current_period_end
  if (subscription.cancel_at !== null && subscription.cancel_at <= end) {
    due.push({ at: subscription.cancel_at, order: 1, key: `cancel:${subscription.id}`, run: () => cancelAsScheduled(core, subscription) })
  } else {
    due.push({ at: end, order: 2, key: `period-end:${subscription.id}`, run: () => endOfPeriod(core, subscription) })
  }
  return due
}

/**
 * The period (or the trial) ends: the subscription renews. A trial that ends with no payment method to charge ends
 * as `trial_settings.end_behavior.missing_payment_method` says (https://docs.stripe.com/billing/subscriptions/trials/free-trials#create-free-trials-without-payment).
 */
function endOfPeriod(core: Core, subscription: Stripe.Subscription): void {
  if (subscription.status === 'trialing' && !paymentMethodFor(core, subscription) && endTrialWithoutPaymentMethod(core, subscription)) return
  startRenewal(core, subscription)
}

/**
 * An open invoice of a live subscription is retried at its `next_payment_attempt`, with whatever payment method the
 * subscription has by then ("When retrying, Stripe uses the first available payment method",
 * https://docs.stripe.com/billing/revenue-recovery/smart-retries#payment-method-ordering). An unpaid subscription's
 * invoices are not attempted.
 */
function dueRetry(core: Core, invoice: Stripe.Invoice): DueItem | undefined {
  if (invoice.status !== 'open' || !invoice.auto_advance || invoice.next_payment_attempt === null) return undefined
  const subscriptionId = invoice.parent?.subscription_details?.subscription
  const subscription = typeof subscriptionId === 'string' ? core.subscriptions.get(subscriptionId) : undefined
  if (!subscription || !isLive(subscription) || subscription.status === 'unpaid' || subscription.status === 'paused') return undefined
  return {
    at: invoice.next_payment_attempt,
    order: 3,
    key: `retry:${invoice.id}`,
    run: () => {
      const payment = charge(paymentMethodFor(core, subscription), 'off_session')
      if (payment.status === 'succeeded') payOpenInvoice(core, invoice, payment.paymentMethod)
      else recordFailedPayment(core, subscription, invoice, payment)
    },
  }
}
