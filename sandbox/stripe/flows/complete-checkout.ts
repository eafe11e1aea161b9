// What Stripe does when a customer pays on the hosted Checkout page: customer (if needed), subscription, first
// invoice, then the session completes, with events in Stripe's order.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import { newId } from '../core/ids'
import { addInterval, days } from '../core/time'
import { createCustomer, requireCustomer } from '../resources/customers'
import { beginDelayedPayment, createInvoice, payInvoice } from '../resources/invoices'
import { attachTestCard, requireTestCard } from '../resources/payment-methods'
import { requirePrice } from '../resources/prices'
import { dropSessionExpiry, requireSession } from '../resources/checkout'
import { advanceLines, createSubscription, itemOf } from '../resources/subscriptions'
import type { PaymentError } from '../resources/test-cards'
import { completePaymentCheckout } from './complete-payment-checkout'

/**
 * How the customer pays: a card that succeeds, a card that is declined, or a delayed-notification method (a bank
 * debit such as SEPA or ACH) whose outcome arrives days later (settleDelayedPayment in checkout-payment.ts). A test
 * card chosen by id (`card`, https://docs.stripe.com/testing) says the rest: `succeeds` is `pm_card_visa`,
 * `declined` is `pm_card_chargeDeclined`.
 */
export type CheckoutPayment = 'succeeds' | 'declined' | 'delayed'

function cardFor(payment: CheckoutPayment, card: string | undefined): string {
  return card ?? (payment === 'declined' ? 'pm_card_chargeDeclined' : 'pm_card_visa')
}

/**
 * What the card answers on the page: in a trial it is only saved, as setting a card up checks it (a declining test
 * card "can't be attached"); otherwise the first period is charged with the customer there, so 3D Secure is
 * completed on the page (https://docs.stripe.com/testing#authentication-and-setup). Null: it goes through.
 */
export function checkoutDecline(core: Core, sessionId: string, payment: CheckoutPayment = 'succeeds', card?: string): PaymentError | null {
  if (payment === 'delayed' && card === undefined) return null
  const testCard = requireTestCard(cardFor(payment, card), 'payment_method')
  const trial = Boolean(core.sessionSubscriptionData.get(sessionId)?.trialDays)
  const answer = trial ? testCard.attach : testCard.onSession
  return answer.kind === 'declined' ? answer.error : null
}

/**
 * Since API 2025-03-31 a subscription-mode session creates the subscription only once the customer has paid: a
 * declined card leaves the session `open` with no subscription and no invoice, and the customer may try again
 * (https://docs.stripe.com/changelog/basil/2025-03-31/checkout-legacy-subscription-upgrade). A trial charges
 * nothing today, so the payment method only has to be collected. The card is saved to the customer
 * (`payment_method.attached`) and becomes the subscription's `default_payment_method`, which its invoices are
 * charged with (https://docs.stripe.com/payments/checkout/subscriptions/update-payment-details).
 */
export function completeCheckout(core: Core, sessionId: string, payment: CheckoutPayment = 'succeeds', card?: string): Stripe.Checkout.Session {
  const session = requireSession(core, sessionId)
  if (session.status !== 'open') throw invalid(`Checkout Session ${sessionId} is ${String(session.status)}, not open.`)
  if (checkoutDecline(core, sessionId, payment, card)) return session
  if (session.mode === 'payment') return completePaymentCheckout(core, session, payment === 'delayed' && card === undefined ? null : cardFor(payment, card))
  // Every line item becomes an item of the subscription (https://docs.stripe.com/payments/checkout/how-checkout-works).
  const items = (core.sessionLineItems.get(sessionId) ?? []).map((line) => ({ price: requirePrice(core, line.price), quantity: line.quantity }))
  const price = items[0]?.price
  if (!price) throw new Error(`checkout session ${sessionId} has no line items`)
  const recurring = price.recurring
  if (!recurring) throw new Error(`price ${price.id} is not recurring`)
  const { trialDays, metadata } = core.sessionSubscriptionData.get(sessionId) ?? { trialDays: null, metadata: {} }

  const customer =
    typeof session.customer === 'string'
      ? requireCustomer(core, session.customer)
      : createCustomer(core, { email: session.customer_email ?? `checkout-${newId('', 8).toLowerCase()}@example.com`, name: null })
  const now = core.now()
  const trial = trialDays ? { start: now, end: now + days(trialDays) } : null
  // A delayed method's payment is `processing`: the subscription starts active with its first invoice still open
  // (https://docs.stripe.com/billing/subscriptions/sepa-debit), and the session completes `unpaid` until
  // checkout.session.async_payment_succeeded (https://docs.stripe.com/checkout/fulfillment#delayed-notification).
  const settling = payment === 'delayed' && !trial
  const token = payment === 'delayed' && card === undefined ? null : cardFor(payment, card)
  const method = token === null ? null : attachTestCard(core, customer, token, requireTestCard(token))
  const subscription = createSubscription(core, {
    customer: customer.id,
    items,
    status: trial ? 'trialing' : 'active',
    periodStart: now,
    periodEnd: trial ? trial.end : addInterval(now, recurring.interval, recurring.interval_count),
    trial,
    metadata: { ...metadata },
    defaultPaymentMethod: method?.id ?? null,
  })
  // The first invoice bills each licensed item's first period in advance; metered items are billed in arrears, at
  // the period's end (https://docs.stripe.com/billing/subscriptions/usage-based/how-it-works).
  const periodEnd = itemOf(subscription).current_period_end
  const lines = advanceLines(subscription, now, periodEnd).map((line) => {
    const productName = core.products.get(String(line.item.price.product))?.name ?? String(line.item.price.product)
    return { ...line, amount: trial ? 0 : line.amount, ...(trial && { description: `Trial period for ${productName}` }) }
  })
  const invoice = createInvoice(core, subscription, 'subscription_create', lines.length > 0 ? lines : [{ item: itemOf(subscription), amount: 0, periodStart: now, periodEnd }])
  subscription.latest_invoice = invoice.id
  core.emit('customer.subscription.created', subscription)
  core.emit('invoice.created', invoice)
  // A charge_automatically subscription's first invoice is finalized at once, with no draft hour
  // (https://docs.stripe.com/billing/invoices/subscription): payInvoice and beginDelayedPayment finalize it first.
  if (settling) beginDelayedPayment(core, invoice)
  else payInvoice(core, invoice, { paymentMethod: method?.id ?? null })

  dropSessionExpiry(core, session.id)
  session.status = 'complete'
  session.payment_status = trial ? 'no_payment_required' : settling ? 'unpaid' : 'paid'
  session.customer = customer.id
  session.subscription = subscription.id
  session.invoice = invoice.id
  session.url = null
  session.customer_details = {
    address: null,
    business_name: null,
    email: customer.email,
    individual_name: null,
    name: customer.name ?? null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  }
  core.emit('checkout.session.completed', session)
  return session
}
