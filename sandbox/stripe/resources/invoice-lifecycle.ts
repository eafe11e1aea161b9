// An invoice's lifecycle: draft → open → paid | void, an open invoice whose payment failed staying open
// (https://docs.stripe.com/invoicing/overview#invoice-lifecycle,
// https://docs.stripe.com/invoicing/integration/workflow-transitions). Each transition emits the events Stripe sends
// for it; when an invoice moves (at once for a new subscription or a change charged now, an hour after its draft for
// a renewal) is the caller's business. resources/invoices.ts exports these with the object they move.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import { previousAttributes } from '../core/events'
import { nextRetryAt } from '../core/revenue-recovery'
import { toWire } from '../core/wire'
import { takeInvoiceNumber } from './customers'
import { recordPaymentAttempt, type AttemptDetails, type AttemptStatus } from './payment-intents'

/**
 * Draft → open: the invoice takes its number, hosted page and PDF, and can be paid
 * (https://docs.stripe.com/invoicing/integration/workflow-transitions#finalized); `invoice.finalized`.
 */
export function finalizeInvoice(core: Core, invoice: Stripe.Invoice): void {
  if (invoice.status !== 'draft') throw new Error(`invoice ${invoice.id} is ${invoice.status}; only a draft is finalized`)
  const now = core.now()
  const customerId = typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? '')
  invoice.status = 'open'
  invoice.number = takeInvoiceNumber(core, customerId)
  invoice.hosted_invoice_url = `${core.baseUrl}/invoice/${invoice.id}`
  invoice.invoice_pdf = `${core.baseUrl}/invoice/${invoice.id}/pdf`
  invoice.status_transitions.finalized_at = now
  invoice.effective_at = now
  // "If the invoice is not in the draft state, this field will always be null" (the Invoice object's reference).
  invoice.automatically_finalizes_at = null
  core.emit('invoice.finalized', invoice)
}

/**
 * A payment attempt succeeds: a draft is finalized first, as Stripe finalizes before it collects. Successful
 * payments send `invoice.paid` and `invoice.payment_succeeded` (https://docs.stripe.com/invoicing/integration#handle-payment-events),
 * the attempt's `invoice_payment.paid` (https://docs.stripe.com/api/events/types#event_types-invoice_payment.paid),
 * and `invoice.updated`, "sent when a payment succeeds or fails" (https://docs.stripe.com/billing/subscriptions/webhooks).
 * A paid invoice no longer advances on its own: `auto_advance` is false
 * (https://docs.stripe.com/invoicing/integration/automatic-advancement-collection).
 */
export function payInvoice(core: Core, invoice: Stripe.Invoice, details: AttemptDetails = {}): void {
  if (invoice.status === 'draft') finalizeInvoice(core, invoice)
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') throw new Error(`invoice ${invoice.id} is ${invoice.status}; it cannot be paid`)
  const before = toWire(invoice)
  invoice.status = 'paid'
  delete invoice.status_details
  invoice.amount_paid = invoice.amount_due
  invoice.amount_remaining = 0
  invoice.attempt_count += invoice.amount_due > 0 && !settlesDelayedPayment(core, invoice) ? 1 : 0
  invoice.attempted = true
  invoice.auto_advance = false
  invoice.next_payment_attempt = null
  invoice.status_transitions.paid_at = core.now()
  recordPaymentAttempt(core, invoice, 'succeeded', details)
  core.emit('invoice.paid', invoice)
  core.emit('invoice.payment_succeeded', invoice)
  const payment = core.invoicePayments.get(invoice.id)
  if (payment) core.emit('invoice_payment.paid', payment)
  core.emit('invoice.updated', invoice, previousAttributes(before, invoice))
}

/**
 * A payment attempt fails (declined, or waiting for the customer's 3D Secure): a draft is finalized first, and the
 * invoice stays open with its next retry set by the account's retry schedule (core/revenue-recovery.ts), or none
 * after the last one or when Stripe does not retry (`retry: false`); `invoice.payment_failed` and `invoice.updated`
 * (https://docs.stripe.com/billing/subscriptions/webhooks#payment-failures). Returns whether a retry is due.
 */
export function failInvoice(
  core: Core,
  invoice: Stripe.Invoice,
  attempt: Exclude<AttemptStatus, 'succeeded' | 'processing'> = 'requires_payment_method',
  options: { retry?: boolean; details?: AttemptDetails } = {},
): boolean {
  if (invoice.status === 'draft') finalizeInvoice(core, invoice)
  const before = toWire(invoice)
  const now = core.now()
  invoice.attempted = true
  invoice.attempt_count += settlesDelayedPayment(core, invoice) ? 0 : 1
  invoice.next_payment_attempt = options.retry === false ? null : nextRetryAt(core.revenueRecovery, invoice.attempt_count, now)
  recordPaymentAttempt(core, invoice, attempt, options.details)
  core.emit('invoice.payment_failed', invoice)
  core.emit('invoice.updated', invoice, previousAttributes(before, invoice))
  return invoice.next_payment_attempt !== null
}

/**
 * Open → uncollectible, as the account's settings may say once the last retry has failed: "mark the invoice as
 * uncollectible" (https://docs.stripe.com/billing/revenue-recovery/smart-retries). It can still be paid
 * (https://docs.stripe.com/invoicing/overview#uncollectible); `status_details.uncollectible.reason` says why
 * (`max_payment_attempts`, https://docs.stripe.com/changelog/endive/2026-09-30/invoice-uncollectible-status-detail);
 * `invoice.marked_uncollectible`.
 */
export function markUncollectible(core: Core, invoice: Stripe.Invoice): void {
  if (invoice.status !== 'open') throw new Error(`invoice ${invoice.id} is ${invoice.status}; only an open invoice is marked uncollectible`)
  invoice.status = 'uncollectible'
  invoice.status_transitions.marked_uncollectible_at = core.now()
  invoice.status_details = { uncollectible: { reason: 'max_payment_attempts' } }
  invoice.auto_advance = false
  invoice.next_payment_attempt = null
  core.emit('invoice.marked_uncollectible', invoice)
}

/** A bank debit's attempt was counted when it started (beginDelayedPayment): its outcome is the same attempt. */
function settlesDelayedPayment(core: Core, invoice: Stripe.Invoice): boolean {
  const payment = core.invoicePayments.get(invoice.id)
  return payment !== undefined && core.paymentIntents.get(String(payment.payment.payment_intent))?.status === 'processing'
}

/**
 * A delayed-notification method (a bank debit) starts paying: the attempt is made and its PaymentIntent is
 * `processing` until the bank answers (https://docs.stripe.com/payments/paymentintents/lifecycle).
 */
export function beginDelayedPayment(core: Core, invoice: Stripe.Invoice): void {
  if (invoice.status === 'draft') finalizeInvoice(core, invoice)
  invoice.attempted = true
  invoice.attempt_count += 1
  recordPaymentAttempt(core, invoice, 'processing')
}

/**
 * Open or uncollectible → void: "Mark a finalized invoice as void. This cannot be undone"; a draft is deleted
 * instead, and a paid invoice is credited with a credit note (https://docs.stripe.com/api/invoices/void);
 * `invoice.voided`. The double's message for a refused void is its own: Stripe documents the rule, not the words.
 */
export function voidInvoice(core: Core, invoice: Stripe.Invoice): Stripe.Invoice {
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw invalid(`You can only void an invoice that is open or uncollectible; this invoice is ${invoice.status}.`)
  }
  invoice.status = 'void'
  invoice.status_transitions.voided_at = core.now()
  invoice.auto_advance = false
  invoice.next_payment_attempt = null
  core.emit('invoice.voided', invoice)
  return invoice
}

/**
 * Automatic collection stops while the invoice is still a draft: Stripe turns it off for the unpaid invoices of a
 * subscription it cancels (`auto_advance=false`, https://docs.stripe.com/billing/subscriptions/webhooks#state-changes),
 * so the draft is never finalized on its own; `invoice.updated`.
 */
export function stopAutomaticCollection(core: Core, invoice: Stripe.Invoice): void {
  const before = toWire(invoice)
  invoice.auto_advance = false
  invoice.automatically_finalizes_at = null
  invoice.next_payment_attempt = null
  const changes = previousAttributes(before, invoice)
  if (changes) core.emit('invoice.updated', invoice, changes)
}
