// Credit notes on paid invoices: how an app refunds a subscription invoice (https://docs.stripe.com/invoicing/dashboard/credit-notes,
// https://docs.stripe.com/api/credit_notes/create). With `refund_amount` Stripe refunds that much of the
// invoice's payment and lists the refund on the credit note; the invoice's post_payment_credit_notes_amount grows.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { requireInvoice } from './invoices'

const REASONS = ['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'] as const

function create(core: Core, params: Params): Stripe.CreditNote {
  const invoice = requireInvoice(core, read.requiredString(params, 'invoice'))
  if (invoice.status !== 'paid' && invoice.status !== 'open') {
    throw invalid(`You can only create a credit note for an open or paid invoice. This invoice is ${invoice.status}.`, 'invoice')
  }
  const credited = invoice.post_payment_credit_notes_amount + invoice.pre_payment_credit_notes_amount
  const amount = read.optionalInteger(params, 'amount') ?? invoice.total - credited
  const refundAmount = read.optionalInteger(params, 'refund_amount') ?? 0
  const creditAmount = read.optionalInteger(params, 'credit_amount') ?? 0
  const outOfBand = read.optionalInteger(params, 'out_of_band_amount') ?? 0
  if (amount <= 0 || amount > invoice.total - credited) {
    throw invalid(`The credit note amount (${amount}) must be positive and at most the invoice's remaining total (${invoice.total - credited}).`, 'amount')
  }
  if (invoice.status === 'paid') {
    // On a paid invoice the credit must be allocated entirely: refunded, credited to the balance, or out of band.
    if (refundAmount + creditAmount + outOfBand !== amount) {
      throw invalid('The sum of refund_amount, credit_amount and out_of_band_amount must equal the credit note amount for a paid invoice.', 'refund_amount')
    }
    if (refundAmount > invoice.amount_paid) throw invalid(`refund_amount (${refundAmount}) exceeds the amount paid (${invoice.amount_paid}).`, 'refund_amount')
  } else if (refundAmount > 0) {
    throw invalid('An open invoice has no payment to refund.', 'refund_amount')
  }
  const now = core.now()
  const id = newId('cn_')
  const refunds: Stripe.CreditNote.Refund[] = refundAmount > 0 ? [{ amount_refunded: refundAmount, payment_record_refund: null, refund: newId('re_'), type: 'refund' }] : []
  const note: Stripe.CreditNote = {
    id,
    object: 'credit_note',
    amount,
    amount_shipping: 0,
    created: now,
    currency: invoice.currency,
    customer: String(invoice.customer),
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: now,
    invoice: invoice.id,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/credit_notes/${id}/lines` },
    livemode: false,
    memo: read.optionalString(params, 'memo') ?? null,
    metadata: read.applyMetadata({}, params),
    number: `${invoice.number}-CN-01`,
    out_of_band_amount: outOfBand || null,
    pdf: `${core.baseUrl}/credit_notes/${id}.pdf`,
    post_payment_amount: invoice.status === 'paid' ? amount : 0,
    pre_payment_amount: invoice.status === 'paid' ? 0 : amount,
    pretax_credit_amounts: [],
    reason: read.oneOf(params, 'reason', REASONS) ?? null,
    refunds,
    shipping_cost: null,
    status: 'issued',
    subtotal: amount,
    subtotal_excluding_tax: amount,
    total: amount,
    total_excluding_tax: amount,
    total_taxes: [],
    type: invoice.status === 'paid' ? 'post_payment' : 'pre_payment',
    voided_at: null,
  }
  if (invoice.status === 'paid') invoice.post_payment_credit_notes_amount += amount
  else {
    invoice.pre_payment_credit_notes_amount += amount
    invoice.amount_remaining = Math.max(0, invoice.amount_remaining - amount)
  }
  core.creditNotes.set(id, note)
  core.emit('credit_note.created', note)
  return note
}

export const creditNoteRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/credit_notes',
    // Credit notes by `lines` are not modelled: the door refuses `lines`.
    params: ['amount', 'credit_amount', 'invoice', 'memo', 'metadata', 'out_of_band_amount', 'reason', 'refund_amount'],
    handle: ({ core, params }) => create(core, params),
  },
  {
    method: 'GET',
    path: '/v1/credit_notes',
    params: ['invoice'],
    handle: ({ core, params }) => {
      const invoice = read.optionalString(params, 'invoice')
      const data = [...core.creditNotes.values()].filter((note) => invoice === undefined || note.invoice === invoice).reverse()
      return { object: 'list', data, has_more: false, url: '/v1/credit_notes' }
    },
  },
]
