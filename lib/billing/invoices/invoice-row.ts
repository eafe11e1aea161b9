import type Stripe from 'stripe'

/** The organization-independent columns of an Invoice row, from Stripe's invoice object (API 2026-10-28). */
export function invoiceColumns(invoice: Stripe.Invoice) {
  if (!invoice.id) throw new Error('An invoice preview has no id and is never stored')
  const customer = invoice.customer
  if (!customer) throw new Error(`Invoice ${invoice.id} has no customer`)
  // Since API 2025-03 an invoice names its subscription under `parent.subscription_details`
  // (https://docs.stripe.com/api/invoices/object#invoice_object-parent-subscription_details-subscription).
  const subscription = invoice.parent?.subscription_details?.subscription ?? null
  return {
    id: invoice.id,
    customerId: typeof customer === 'string' ? customer : customer.id,
    subscriptionId: typeof subscription === 'string' || subscription === null ? subscription : subscription.id,
    number: invoice.number ?? null,
    status: invoice.status ?? 'draft',
    currency: invoice.currency,
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    total: invoice.total,
    stripeCreatedAt: new Date(invoice.created * 1000),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
  }
}

export type InvoiceColumns = ReturnType<typeof invoiceColumns>
