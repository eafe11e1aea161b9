// The events Stripe sends as an invoice moves through its lifecycle, in the order the double sends them (Stripe does
// not promise an order, https://docs.stripe.com/webhooks#event-ordering), so tests assert Stripe's sequence by name.

/**
 * A payment succeeds: `invoice.paid` and `invoice.payment_succeeded` (https://docs.stripe.com/invoicing/integration#handle-payment-events),
 * the InvoicePayment's `invoice_payment.paid`, and `invoice.updated`, "sent when a payment succeeds or fails"
 * (https://docs.stripe.com/billing/subscriptions/webhooks).
 */
export const PAID = ['invoice.paid', 'invoice.payment_succeeded', 'invoice_payment.paid', 'invoice.updated'] as const

/** A $0 invoice (a trial's first) is paid with no payment to record: no `invoice_payment.paid`. */
export const PAID_NOTHING = ['invoice.paid', 'invoice.payment_succeeded', 'invoice.updated'] as const

/** A draft finalized (number, hosted page, PDF) and its payment attempted at once, or at the end of a renewal's draft hour. */
export const FINALIZED_AND_PAID = ['invoice.finalized', ...PAID] as const

/** An attempt fails: the invoice stays open with its next retry (https://docs.stripe.com/billing/subscriptions/webhooks#payment-failures). */
export const FAILED = ['invoice.payment_failed', 'invoice.updated'] as const

export const FINALIZED_AND_FAILED = ['invoice.finalized', ...FAILED] as const
