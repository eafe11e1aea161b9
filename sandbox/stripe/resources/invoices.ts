// Subscription invoices: the object, its lines, lookups and routes. An invoice is born a draft; its transitions
// (finalize, pay, fail, void) are in ./invoice-lifecycle.ts and exported from here too, so the invoice resource has
// one front. Since API 2025-03 an invoice names its subscription under `parent.subscription_details`, not a
// top-level `subscription` field.
import Stripe from 'stripe'
import type { Core } from '../core/core'
import { noSuch } from '../door/errors'
import { newId } from '../core/ids'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import { optionalString } from '../door/params'
import type { ApiRoute } from '../door/router'
import { voidInvoice } from './invoice-lifecycle'

export { beginDelayedPayment, failInvoice, finalizeInvoice, markUncollectible, payInvoice, stopAutomaticCollection, voidInvoice } from './invoice-lifecycle'

export type InvoiceLine = {
  item: Stripe.SubscriptionItem
  amount: number
  periodStart: number
  periodEnd: number
  description?: string
  /** A proration line (credit for unused time, or the remaining time at the new price); `price` when not the item's. */
  proration?: boolean
  price?: Stripe.Price
  quantity?: number
  /** The invoice item this line bills (resources/invoice-items.ts); every proration is one. */
  invoiceItem?: string
  /** For a credit proration, the debit it credits (`proration_details.credited_items`). */
  credited?: Stripe.InvoiceItem.ProrationDetails.CreditedItems
}

/**
 * Creates a subscription invoice as a `draft` (no number, hosted page or PDF until it is finalized,
 * https://docs.stripe.com/api/invoices/object#invoice_object-hosted_invoice_url). Callers emit `invoice.created`,
 * to control event order, then finalize it at once (a new subscription, a change charged now) or let it wait:
 * `finalizesAt` is when Stripe will finalize it (`automatically_finalizes_at`), a renewal's draft hour.
 * `preview: true` builds the invoice `POST /v1/invoices/create_preview` answers: not stored, never finalized
 * ("the invoice has not yet been created", https://docs.stripe.com/api/invoices/create_preview).
 * A negative total is owed to the customer: Stripe bills 0 and credits the rest to the customer's balance
 * (https://docs.stripe.com/billing/customer/balance).
 */
export function createInvoice(
  core: Core,
  subscription: Stripe.Subscription,
  reason: Stripe.Invoice.BillingReason,
  lines: InvoiceLine | readonly InvoiceLine[],
  options: { preview?: boolean; finalizesAt?: number; prorationDate?: number } = {},
): Stripe.Invoice {
  const all = Array.isArray(lines) ? lines : [lines as InvoiceLine]
  const line = all[0]
  if (!line) throw new Error('an invoice needs at least one line')
  const customerId = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
  const customer = core.customers.get(customerId)
  const preview = options.preview === true
  const id = preview ? newId('upcoming_in_') : newId('in_')
  const now = core.now()
  const finalizesAt = preview ? null : (options.finalizesAt ?? null)
  const { item } = line
  const total = all.reduce((sum, entry) => sum + entry.amount, 0)
  const amount = Math.max(0, total)
  const invoice: Stripe.Invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe test double',
    account_tax_ids: null,
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amount,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: finalizesAt,
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: now,
    currency: item.price.currency,
    custom_fields: null,
    customer: customerId,
    customer_account: null,
    customer_address: null,
    customer_email: customer?.email ?? null,
    customer_name: customer?.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    // "Same as finalized_at unless overwritten": set when it is finalized.
    effective_at: null,
    ending_balance: Math.min(0, total),
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: all.map((entry) => lineItem(core, id, subscription, entry)), has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    // A draft waiting for its hour is attempted when it finalizes (https://docs.stripe.com/billing/subscriptions/webhooks#understand).
    next_payment_attempt: finalizesAt,
    number: null,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      // "Only set for upcoming invoices that preview prorations" (the pinned SDK's Invoice type).
      subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id, ...(options.prorationDate !== undefined && { subscription_proration_date: options.prorationDate }) },
      type: 'subscription_details',
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: Math.max(...all.map((entry) => entry.periodEnd)),
    period_start: Math.min(...all.map((entry) => entry.periodStart)),
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    // The invoice lives on its customer's test clock, if any (https://docs.stripe.com/api/invoices/object#invoice_object-test_clock).
    test_clock: customer?.test_clock ?? null,
    // The double finalizes without waiting on webhook deliveries, as if every `invoice.created` were acknowledged at
    // once (decision 0045): Stripe's wait for them, and its 72-hour limit, are not modelled.
    webhooks_delivered_at: preview ? null : now,
  }
  if (!preview) core.invoices.set(id, invoice)
  return invoice
}

function lineItem(core: Core, invoiceId: string, subscription: Stripe.Subscription, line: InvoiceLine): Stripe.InvoiceLineItem {
  const { item, amount } = line
  const price = line.price ?? item.price
  const quantity = line.quantity ?? item.quantity ?? 1
  const product = typeof price.product === 'string' ? price.product : price.product.id
  const productName = core.products.get(product)?.name ?? product
  return {
    id: newId('il_'),
    object: 'line_item',
    amount,
    currency: price.currency,
    description: line.description ?? `${quantity} × ${productName}`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: line.invoiceItem ?? null,
        proration: line.proration === true,
        proration_details: { credited_items: creditedLinesOf(line) },
        subscription: subscription.id,
        subscription_item: item.id,
      },
      type: 'subscription_item_details',
    },
    period: { start: line.periodStart, end: line.periodEnd },
    pretax_credit_amounts: [],
    pricing: { price_details: { price: price.id, product }, type: 'price_details', unit_amount_decimal: price.unit_amount_decimal },
    quantity,
    quantity_decimal: Stripe.Decimal.from(String(quantity)),
    subscription: subscription.id,
    subtotal: amount,
    taxes: [],
  }
}

/** A line names the debited lines it credits; a credit of a still-pending debit names it on the invoice item only. */
function creditedLinesOf(line: InvoiceLine): Stripe.InvoiceLineItem.Parent.SubscriptionItemDetails.ProrationDetails.CreditedItems | null {
  const details = line.credited?.invoice_line_item_details
  return details ? { invoice: details.invoice, invoice_line_items: details.invoice_line_items } : null
}

export function requireInvoice(core: Core, id: string): Stripe.Invoice {
  const invoice = core.invoices.get(id)
  if (!invoice) throw noSuch('invoice', id)
  return invoice
}

export const invoiceRoutes: ApiRoute[] = [
  { method: 'GET', path: '/v1/invoices/:id', params: [], handle: ({ core, args: [id = ''] }) => requireInvoice(core, id) },
  { method: 'POST', path: '/v1/invoices/:id/void', params: [], handle: ({ core, args: [id = ''] }) => voidInvoice(core, requireInvoice(core, id)) },
  {
    method: 'GET',
    path: '/v1/invoices',
    params: ['customer', 'subscription', 'status', ...PAGINATION],
    handle: ({ core, params }) => {
      const customer = optionalString(params, 'customer')
      const subscription = optionalString(params, 'subscription')
      const status = optionalString(params, 'status')
      const matches = newestFirst(core.invoices).filter(
        (invoice) =>
          (customer === undefined || invoice.customer === customer) &&
          (subscription === undefined || invoice.parent?.subscription_details?.subscription === subscription) &&
          (status === undefined || invoice.status === status),
      )
      return listOf(matches, params, '/v1/invoices')
    },
  },
]
