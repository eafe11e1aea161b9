import { billingRecipient } from '@/lib/billing/billing-recipient'
import { planFor } from '@/lib/billing/catalog'
import { formatAmount } from '@/lib/billing/format'
import { db } from '@/lib/db'
import { sendEmailOnce } from '@/lib/email/send-once'
import { paymentFailedEmail } from '@/lib/email/templates/payment-failed-email'
import { env } from '@/lib/env'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * Tells the customer their payment failed, with the way to fix it; once per event, however often it arrives.
 * Only to a user of this app (billing-recipient.ts). Not when the "failure" is a payment waiting for 3D Secure:
 * Stripe sends invoice.payment_failed and invoice.payment_action_required for the same attempt, and the
 * confirm-your-payment email covers it. Decided on the PaymentIntent's status now, so the order in which the
 * two events arrive does not matter.
 */
export const sendPaymentFailedEmail: StripeEventHandler<StripeEventOf<'invoice.payment_failed'>> = {
  id: 'send-payment-failed-email',
  async run(event, stripe) {
    // Re-read through the pinned SDK (an endpoint on an older API version sends another invoice shape), with the
    // payment's PaymentIntent, whose status tells a declined card from one waiting for 3D Secure.
    const invoice = await stripe.invoices.retrieve(event.data.object.id, { expand: ['payments.data.payment.payment_intent'] })
    const customerId = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id
    const recipient = await billingRecipient(customerId)
    if ('skipped' in recipient) return recipient
    if (invoice.status !== 'open') return { skipped: `invoice ${invoice.id} is ${invoice.status} now` }
    // A first payment is reported by Checkout itself: a decline on its page, a bank debit by async_payment_failed.
    if (invoice.billing_reason === 'subscription_create') return { skipped: 'the first payment is reported by the checkout events' }
    const needsAction = invoice.payments?.data.some((p) => typeof p.payment.payment_intent === 'object' && p.payment.payment_intent?.status === 'requires_action')
    if (needsAction) return { skipped: `invoice ${invoice.id} waits for the customer's confirmation, not a new payment method` }

    const price = invoice.lines.data[0]?.pricing?.price_details?.price
    const priceId = typeof price === 'string' ? price : price?.id
    const row = priceId ? await db.price.findUnique({ where: { id: priceId } }) : null
    const plan = planFor({ lookupKey: row?.lookupKey, productId: row?.productId })
    const email = paymentFailedEmail({
      to: recipient.email,
      planName: plan?.name ?? 'subscription',
      amount: formatAmount(invoice.amount_due, invoice.currency),
      billingUrl: `${env().APP_URL}/billing`,
      invoiceUrl: invoice.hosted_invoice_url,
    })
    return { to: recipient.email, result: await sendEmailOnce(`payment-failed:${event.id}`, email) }
  },
}
