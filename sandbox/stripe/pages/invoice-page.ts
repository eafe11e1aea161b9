// The hosted invoice page (`hosted_invoice_url`): where a past-due customer pays an open invoice, with the card on file
// (3D Secure completed on the page) or another of Stripe's test cards. A draft has no hosted page or PDF until it is
// finalized (https://docs.stripe.com/api/invoices/object#invoice_object-hosted_invoice_url).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { optionalString } from '../door/params'
import { payOpenInvoice } from '../resources/dunning'
import { requireInvoice } from '../resources/invoices'
import { charge, paymentMethodFor, requireTestCard, resultOf, type ChargeResult } from '../resources/payment-methods'
import type { PageResult, PageRoute } from '../door/router'
import { date, html, money, page, postButton } from './html'
import { invoicePdf } from './invoice-pdf'
import { testCardPicker } from './test-card-picker'

const TITLE = 'Invoice — local Stripe sandbox'

function finalized(core: Core, id: string): Stripe.Invoice {
  const invoice = requireInvoice(core, id)
  if (invoice.status === 'draft') throw noSuch('invoice', id)
  return invoice
}

function show(core: Core, id: string, error?: string): PageResult {
  const invoice = finalized(core, id)
  const payable = invoice.status === 'open' || invoice.status === 'uncollectible'
  const action = `/invoice/${encodeURIComponent(id)}/pay`
  const body = html`<h1>${TITLE}</h1>
${error ? html`<p role="alert">${error}</p>` : ''}
<p>Invoice ${invoice.number}, ${date(invoice.created)}: ${money(invoice.amount_due, invoice.currency)}</p>
<p role="status">Status: ${invoice.status}</p>
${invoice.invoice_pdf ? html`<p><a href="${invoice.invoice_pdf}">Download PDF</a></p>` : ''}
${payable ? postButton(action, 'Pay invoice') : ''}
${payable ? testCardPicker(action, 'Pay with this test card') : ''}`
  return { status: 200, html: page(TITLE, body) }
}

/** The subscription the invoice bills, if it still exists. */
function subscriptionOf(core: Core, invoice: Stripe.Invoice): Stripe.Subscription | undefined {
  const id = invoice.parent?.subscription_details?.subscription
  return typeof id === 'string' ? core.subscriptions.get(id) : undefined
}

/**
 * The customer is on the page, so the charge is on-session: a card that asks for 3D Secure is authenticated here
 * (https://docs.stripe.com/billing/subscriptions/overview#requires-action). "Pay invoice" uses the card on file (a
 * new card when there is none); the picker, the chosen test card, used for this payment only.
 */
function chargeOnPage(core: Core, invoice: Stripe.Invoice, card: string | undefined): ChargeResult {
  if (card !== undefined) return resultOf(requireTestCard(card, 'card').onSession, null)
  const subscription = subscriptionOf(core, invoice)
  const method = subscription ? paymentMethodFor(core, subscription) : undefined
  return method ? charge(method, 'on_session') : { status: 'succeeded', paymentMethod: null }
}

function pay(core: Core, id: string, params: Params): PageResult {
  const invoice = finalized(core, id)
  if (invoice.status === 'open' || invoice.status === 'uncollectible') {
    const payment = chargeOnPage(core, invoice, optionalString(params, 'card'))
    // A declined card leaves the invoice as it was, and the customer on the page to try another.
    if (payment.status === 'requires_payment_method') return { ...show(core, id, `${payment.error.message ?? 'Your card was declined.'} Try another card.`), status: 402 }
    // Paying a subscription's latest invoice also brings it back to active (resources/dunning.ts).
    payOpenInvoice(core, invoice, payment.paymentMethod)
  }
  return { redirect: `${core.baseUrl}/invoice/${encodeURIComponent(id)}` }
}

export const invoicePages: PageRoute[] = [
  { method: 'GET', path: '/invoice/:id', handle: ({ core, args: [id = ''] }) => show(core, id) },
  {
    method: 'GET',
    path: '/invoice/:id/pdf',
    handle: ({ core, args: [id = ''] }) => {
      const invoice = finalized(core, id)
      return { status: 200, file: invoicePdf(invoice), contentType: 'application/pdf', filename: `${invoice.number ?? invoice.id}.pdf` }
    },
  },
  { method: 'POST', path: '/invoice/:id/pay', handle: ({ core, args: [id = ''], params }) => pay(core, id, params) },
]
