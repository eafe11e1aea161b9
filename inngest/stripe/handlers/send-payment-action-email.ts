import { billingRecipient } from '@/lib/billing/billing-recipient'
import { planFor } from '@/lib/billing/catalog'
import { formatAmount } from '@/lib/billing/format'
import { db } from '@/lib/db'
import { sendEmailOnce } from '@/lib/email/send-once'
import { paymentActionRequiredEmail } from '@/lib/email/templates/payment-action-required-email'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/** Emails the hosted invoice link where the customer confirms the payment; once per invoice, while it is open. */
export const sendPaymentActionEmail: StripeEventHandler<StripeEventOf<'invoice.payment_action_required'>> = {
  id: 'send-payment-action-email',
  async run(event, stripe) {
    const invoice = await stripe.invoices.retrieve(event.data.object.id)
    const customerId = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id
    const recipient = await billingRecipient(customerId)
    if ('skipped' in recipient) return recipient
    if (invoice.status !== 'open' || !invoice.hosted_invoice_url) return { skipped: `invoice ${invoice.id} is ${invoice.status}: nothing to confirm` }
    const price = invoice.lines.data[0]?.pricing?.price_details?.price
    const row = price ? await db.price.findUnique({ where: { id: typeof price === 'string' ? price : price.id } }) : null
    const plan = planFor({ lookupKey: row?.lookupKey, productId: row?.productId })
    const email = paymentActionRequiredEmail({
      to: recipient.email,
      planName: plan?.name ?? 'subscription',
      amount: formatAmount(invoice.amount_due, invoice.currency),
      invoiceUrl: invoice.hosted_invoice_url,
    })
    // Per invoice, not per event: Stripe may ask again for the same payment, and one link is enough.
    return { to: recipient.email, result: await sendEmailOnce(`payment-action-required:${invoice.id}`, email) }
  },
}
