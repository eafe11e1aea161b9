// The hosted invoice page (`hosted_invoice_url`): where a past-due customer pays an open invoice. A draft has no
// hosted page or PDF until it is finalized (https://docs.stripe.com/api/invoices/object#invoice_object-hosted_invoice_url).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { noSuch } from '../door/errors'
import { payRenewal } from '../flows/billing-cycle'
import { payInvoice, requireInvoice } from '../resources/invoices'
import type { PageResult, PageRoute } from '../door/router'
import { date, html, money, page, postButton } from './html'
import { invoicePdf } from './invoice-pdf'

const TITLE = 'Invoice — local Stripe sandbox'

function finalized(core: Core, id: string): Stripe.Invoice {
  const invoice = requireInvoice(core, id)
  if (invoice.status === 'draft') throw noSuch('invoice', id)
  return invoice
}

function show(core: Core, id: string): PageResult {
  const invoice = finalized(core, id)
  const body = html`<h1>${TITLE}</h1>
<p>Invoice ${invoice.number}, ${date(invoice.created)}: ${money(invoice.amount_due, invoice.currency)}</p>
<p role="status">Status: ${invoice.status}</p>
${invoice.invoice_pdf ? html`<p><a href="${invoice.invoice_pdf}">Download PDF</a></p>` : ''}
${invoice.status === 'open' ? postButton(`/invoice/${encodeURIComponent(id)}/pay`, 'Pay invoice') : ''}`
  return { status: 200, html: page(TITLE, body) }
}

function pay(core: Core, id: string): PageResult {
  const invoice = finalized(core, id)
  if (invoice.status === 'open') {
    const subscriptionId = invoice.parent?.subscription_details?.subscription
    const subscription = typeof subscriptionId === 'string' ? core.subscriptions.get(subscriptionId) : undefined
    // Paying a subscription's latest invoice also brings it back to active, exactly as payRenewal() does.
    const unpaid = subscription?.status === 'past_due' || subscription?.status === 'incomplete' || subscription?.status === 'unpaid'
    if (subscription && unpaid && subscription.latest_invoice === invoice.id) payRenewal(core, subscription.id)
    else payInvoice(core, invoice)
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
  { method: 'POST', path: '/invoice/:id/pay', handle: ({ core, args: [id = ''] }) => pay(core, id) },
]
