import { db } from '@/lib/db'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * Remembers that this invoice's payment waits for the customer (3D Secure), so /billing says "Confirm your
 * payment" instead of "payment failed". It re-reads the invoice: already paid or voided means nothing to
 * confirm. The mark counts only while the invoice is the subscription's open latest one (entitlements.ts), so
 * a later payment or renewal ends it without another write.
 */
export const markPaymentActionRequired: StripeEventHandler<StripeEventOf<'invoice.payment_action_required'>> = {
  id: 'mark-payment-action-required',
  async run(event, stripe) {
    const invoice = await stripe.invoices.retrieve(event.data.object.id)
    const subscriptionId = invoice.parent?.subscription_details?.subscription
    const id = typeof subscriptionId === 'string' ? subscriptionId : subscriptionId?.id
    if (!id) return { skipped: 'not a subscription invoice' }
    if (invoice.status !== 'open') return { skipped: `invoice ${invoice.id} is ${invoice.status}` }
    const { count } = await db.subscription.updateMany({ where: { id }, data: { actionInvoiceId: invoice.id } })
    return count > 0 ? { subscription: id, invoice: invoice.id } : { skipped: `subscription ${id} is not in the database yet` }
  },
}
