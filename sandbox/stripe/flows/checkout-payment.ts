// The days after a Checkout paid with a delayed-notification method (bank debits): the payment clears or fails,
// and Stripe tells the integration with checkout.session.async_payment_succeeded or _failed
// (https://docs.stripe.com/checkout/fulfillment#delayed-notification, https://docs.stripe.com/api/events/types).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import { previousAttributes } from '../core/events'
import { toWire } from '../core/wire'
import { requireSession } from '../resources/checkout'
import { failInvoice, payInvoice, requireInvoice } from '../resources/invoices'
import { requireSubscription } from '../resources/subscriptions'
import { settlePaymentIntent } from './complete-payment-checkout'

export function settleDelayedPayment(core: Core, sessionId: string, succeeds: boolean): Stripe.Checkout.Session {
  const session = requireSession(core, sessionId)
  if (session.mode === 'payment' && session.status === 'complete' && session.payment_status === 'unpaid' && session.payment_intent) {
    settlePaymentIntent(core, String(session.payment_intent), succeeds)
    if (succeeds) session.payment_status = 'paid'
    core.emit(succeeds ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed', session)
    return session
  }
  if (session.status !== 'complete' || session.payment_status !== 'unpaid' || !session.invoice || !session.subscription) {
    throw invalid(`Checkout Session ${sessionId} has no delayed payment waiting to settle.`)
  }
  const invoice = requireInvoice(core, String(session.invoice))
  const subscription = requireSubscription(core, String(session.subscription))
  if (succeeds) {
    payInvoice(core, invoice)
    session.payment_status = 'paid'
    core.emit('checkout.session.async_payment_succeeded', session)
    return session
  }
  // The failed debit is a failed invoice payment like any other: the invoice stays open, Stripe's retry rules
  // apply and the subscription becomes past_due (https://docs.stripe.com/billing/subscriptions/overview#failed-payments).
  failInvoice(core, invoice)
  const before = toWire(subscription)
  subscription.status = 'past_due'
  const changes = previousAttributes(before, subscription)
  if (changes) core.emit('customer.subscription.updated', subscription, changes)
  core.emit('checkout.session.async_payment_failed', session)
  return session
}
