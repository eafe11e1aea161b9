import { advanceLatestInvoice, forgetDeletedInvoice, saveInvoice } from '@/lib/billing/invoices/save-invoice'
import { organizationForCustomer } from '@/lib/billing/sync-customer'
import { isPinnedVersion } from '@/lib/webhooks/api-version'
import type { StripeEventHandler, StripeEventOf } from '../handler'

export type InvoiceEventType =
  | 'invoice.created'
  | 'invoice.finalized'
  | 'invoice.updated'
  | 'invoice.paid'
  | 'invoice.payment_failed'
  | 'invoice.payment_action_required'
  | 'invoice.marked_uncollectible'
  | 'invoice.voided'
  | 'invoice.deleted'

/**
 * Keeps the organization's Invoice row equal to Stripe's invoice, so /billing lists invoices without a Stripe call,
 * and the subscription row's latest-invoice status with it (advanceLatestInvoice).
 * A payload in the pinned API version is read as it is (no Stripe call: a renewal stays at one call, issue 11's
 * budget); one from an endpoint on another version is re-read through the pinned SDK. The row records the event's
 * `created` as its state time, so an older event handled after a newer one changes nothing.
 */
export const saveInvoiceFromEvent: StripeEventHandler<StripeEventOf<InvoiceEventType>> = {
  id: 'save-invoice',
  async run(event, stripe) {
    const id = event.data.object.id
    if (!id) return { skipped: 'the invoice has no id' }
    if (event.type === 'invoice.deleted') return { invoice: id, deleted: await forgetDeletedInvoice(id) }
    const pinned = isPinnedVersion(event)
    // A re-read is Stripe's state at least as fresh as the moment before the request, as syncStripeCustomer does.
    const stateAt = pinned ? new Date(event.created * 1000) : new Date()
    const invoice = pinned ? event.data.object : await stripe.invoices.retrieve(id)
    const customer = invoice.customer
    const customerId = typeof customer === 'string' ? customer : customer?.id
    if (!customerId) return { skipped: `invoice ${id} has no customer` }
    // A customer the app made is found by its column (no call); only one created elsewhere is looked up once.
    const organizationId = await organizationForCustomer(stripe, customerId)
    if (!organizationId) return { skipped: `Stripe customer ${customerId} is not an organization of this app` }
    const saved = await saveInvoice(organizationId, invoice, stateAt)
    return { invoice: id, status: invoice.status, saved, latestOnSubscription: await advanceLatestInvoice(invoice) }
  },
}
