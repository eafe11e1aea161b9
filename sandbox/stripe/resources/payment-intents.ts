// The PaymentIntent behind each invoice payment attempt, and the invoice's `payments` list (returned only when
// expanded). Enough for an app to tell a payment that failed from one waiting for the customer: a renewal that
// needs 3D Secure leaves its PaymentIntent in `requires_action`, a declined one in `requires_payment_method`, a
// bank debit in `processing` (https://docs.stripe.com/payments/paymentintents/lifecycle,
// https://docs.stripe.com/api/invoice-payment/object).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { errorDocUrl, noSuch } from '../door/errors'
import { newId } from '../core/ids'
import type { ApiRoute } from '../door/router'
import { toWire } from '../core/wire'

export type AttemptStatus = 'succeeded' | 'requires_payment_method' | 'requires_action' | 'processing'

const DECLINE: Stripe.PaymentIntent.LastPaymentError = {
  code: 'card_declined',
  decline_code: 'generic_decline',
  doc_url: errorDocUrl('card_declined'),
  message: 'Your card was declined.',
  type: 'card_error',
}

/** What an attempt was made with, and the error a failed one ended with (a generic decline unless said). */
export type AttemptDetails = { paymentMethod?: string | null; error?: Stripe.PaymentIntent.LastPaymentError }

/**
 * Records an attempt on `invoice`: its one PaymentIntent (created on the first attempt) moves to `status`, with the
 * payment method it charged and, for a failed one, its `last_payment_error`.
 */
export function recordPaymentAttempt(core: Core, invoice: Stripe.Invoice, status: AttemptStatus, details: AttemptDetails = {}): void {
  if (invoice.amount_due === 0) return
  const existing = core.invoicePayments.get(invoice.id)
  const intent = existing ? core.paymentIntents.get(String(existing.payment.payment_intent)) : undefined
  const paymentIntent = intent ?? createIntent(core, invoice)
  paymentIntent.status = status
  if (details.paymentMethod !== undefined) paymentIntent.payment_method = details.paymentMethod
  paymentIntent.last_payment_error = status === 'requires_payment_method' ? (details.error ?? DECLINE) : null
  paymentIntent.next_action = status === 'requires_action' ? { type: 'use_stripe_sdk', use_stripe_sdk: {} } : null
  paymentIntent.amount_received = status === 'succeeded' ? paymentIntent.amount : 0
  const now = core.now()
  core.invoicePayments.set(invoice.id, {
    id: existing?.id ?? newId('inpay_'),
    object: 'invoice_payment',
    amount_paid: status === 'succeeded' ? invoice.amount_due : null,
    amount_requested: invoice.amount_due,
    created: existing?.created ?? now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { payment_intent: paymentIntent.id, type: 'payment_intent' },
    status: status === 'succeeded' ? 'paid' : 'open',
    status_transitions: { canceled_at: null, paid_at: status === 'succeeded' ? now : null },
  })
}

/** What a PaymentIntent is made with; every other field starts as Stripe's would for a card payment. */
export type NewPaymentIntent = Pick<
  Stripe.PaymentIntent,
  'amount' | 'amount_received' | 'currency' | 'customer' | 'description' | 'metadata' | 'payment_method' | 'setup_future_usage' | 'status'
>

/** Makes and stores a PaymentIntent (https://docs.stripe.com/api/payment_intents/object): an invoice's payment attempt here, a payment-mode Checkout's payment in flows/complete-payment-checkout.ts. */
export function storePaymentIntent(core: Core, fields: NewPaymentIntent): Stripe.PaymentIntent {
  const intent: Stripe.PaymentIntent = {
    id: newId('pi_'),
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: fields.amount,
    amount_capturable: 0,
    amount_received: fields.amount_received,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: null,
    confirmation_method: 'automatic',
    created: core.now(),
    currency: fields.currency,
    customer: fields.customer,
    customer_account: null,
    description: fields.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: { ...fields.metadata },
    next_action: null,
    on_behalf_of: null,
    payment_method: fields.payment_method,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: fields.setup_future_usage,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: fields.status,
    transfer_group: null,
  }
  core.paymentIntents.set(intent.id, intent)
  return intent
}

function createIntent(core: Core, invoice: Stripe.Invoice): Stripe.PaymentIntent {
  return storePaymentIntent(core, {
    amount: invoice.amount_due,
    amount_received: 0,
    currency: invoice.currency,
    customer: typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null),
    description: `Payment for Invoice ${invoice.number ?? invoice.id}`,
    metadata: {},
    payment_method: null,
    setup_future_usage: 'off_session',
    status: 'requires_payment_method',
  })
}

export function registerInvoicePayments(core: Core): void {
  core.virtualFields.set('invoice.payments', (owner) => {
    const payment = core.invoicePayments.get(String(owner.id))
    // A copy: expanding `payments.data.payment.payment_intent` must not write the object into stored state.
    return { object: 'list', data: payment ? [toWire(payment)] : [], has_more: false, url: `/v1/invoice_payments?invoice=${String(owner.id)}` }
  })
}

export const paymentIntentRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: '/v1/payment_intents/:id',
    params: [],
    handle: ({ core, args: [id = ''] }) => {
      const intent = core.paymentIntents.get(id)
      if (!intent) throw noSuch('payment_intent', id)
      return intent
    },
  },
]
