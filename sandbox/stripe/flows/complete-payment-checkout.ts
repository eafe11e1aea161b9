// What Stripe does when a customer pays a payment-mode Checkout Session: the PaymentIntent for the session's total,
// charged with the card given on the page (or a bank debit left `processing`), then the session completes.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { createCustomer, requireCustomer } from '../resources/customers'
import { attachTestCard, requireTestCard } from '../resources/payment-methods'
import { dropSessionExpiry } from '../resources/checkout'
import { storePaymentIntent } from '../resources/payment-intents'

/**
 * "When the customer completes a payment, Stripe sends checkout.session.completed"; a card payment completes the
 * session `paid`, a delayed-notification method `unpaid` until checkout.session.async_payment_succeeded or _failed
 * (https://docs.stripe.com/checkout/fulfillment, #delayed-notification). The session's `payment_intent` names the
 * PaymentIntent, which carries `payment_intent_data[metadata]` (https://docs.stripe.com/api/checkout/sessions/object#checkout_session_object-payment_intent).
 * A Customer is made only when the session asked for one (`customer_creation=always`); the card is attached only to
 * a Customer. `token`: the test card, or null for a bank debit.
 */
export function completePaymentCheckout(core: Core, session: Stripe.Checkout.Session, token: string | null): Stripe.Checkout.Session {
  const customer =
    typeof session.customer === 'string'
      ? requireCustomer(core, session.customer)
      : session.customer_creation === 'always'
        ? createCustomer(core, { email: session.customer_email ?? `checkout-${newId('', 8).toLowerCase()}@example.com`, name: null })
        : null
  const method = token !== null && customer ? attachTestCard(core, customer, token, requireTestCard(token)) : null
  const data = core.sessionPaymentIntentData.get(session.id) ?? { metadata: {}, description: null }
  const settled = token !== null
  const intent = createPaymentIntent(core, {
    amount: session.amount_total ?? 0,
    currency: session.currency ?? 'usd',
    customer: customer?.id ?? null,
    paymentMethod: method?.id ?? null,
    metadata: data.metadata,
    description: data.description,
    status: settled ? 'succeeded' : 'processing',
  })
  core.emit('payment_intent.created', intent)
  if (settled) core.emit('payment_intent.succeeded', intent)
  else core.emit('payment_intent.processing', intent)

  dropSessionExpiry(core, session.id)
  session.status = 'complete'
  session.payment_status = settled ? 'paid' : 'unpaid'
  session.payment_intent = intent.id
  session.customer = customer?.id ?? null
  session.url = null
  session.customer_details = {
    address: null,
    business_name: null,
    email: customer?.email ?? session.customer_email ?? null,
    individual_name: null,
    name: customer?.name ?? null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  }
  core.emit('checkout.session.completed', session)
  return session
}

/** The bank debit of a payment-mode session clears or fails (flows/checkout-payment.ts tells the session). */
export function settlePaymentIntent(core: Core, intentId: string, succeeds: boolean): void {
  const intent = core.paymentIntents.get(intentId)
  if (!intent) throw new Error(`no payment intent ${intentId}`)
  intent.status = succeeds ? 'succeeded' : 'requires_payment_method'
  intent.amount_received = succeeds ? intent.amount : 0
  if (succeeds) core.emit('payment_intent.succeeded', intent)
  else core.emit('payment_intent.payment_failed', intent)
}

type IntentInput = {
  amount: number
  currency: string
  customer: string | null
  paymentMethod: string | null
  metadata: Stripe.Metadata
  description: string | null
  status: 'succeeded' | 'processing'
}

function createPaymentIntent(core: Core, input: IntentInput): Stripe.PaymentIntent {
  return storePaymentIntent(core, {
    amount: input.amount,
    amount_received: input.status === 'succeeded' ? input.amount : 0,
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    metadata: input.metadata,
    payment_method: input.paymentMethod,
    setup_future_usage: null,
    status: input.status,
  })
}
