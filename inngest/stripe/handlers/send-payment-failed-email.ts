import { planFor } from '@/lib/billing/catalog'
import { formatAmount } from '@/lib/billing/pricing'
import { db } from '@/lib/db'
import { sendEmailOnce } from '@/lib/email/send-once'
import { paymentFailedEmail } from '@/lib/email/templates/payment-failed-email'
import { env } from '@/lib/env'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/** Tells the customer their payment failed, with the way to fix it; once per event, however often it arrives. */
export const sendPaymentFailedEmail: StripeEventHandler<StripeEventOf<'invoice.payment_failed'>> = {
  id: 'send-payment-failed-email',
  async run(event) {
    const invoice = event.data.object
    const customerId = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id
    const user = customerId ? await db.user.findUnique({ where: { stripeCustomerId: customerId } }) : null
    const to = user?.email ?? invoice.customer_email
    if (!to) return { skipped: 'no address for this customer' }

    const line = invoice.lines.data[0]
    const price = line?.pricing?.price_details?.price
    const priceId = typeof price === 'string' ? price : price?.id
    const row = priceId ? await db.price.findUnique({ where: { id: priceId } }) : null
    const plan = planFor({ lookupKey: row?.lookupKey, productId: row?.productId })
    const email = paymentFailedEmail({
      to,
      planName: plan?.name ?? 'subscription',
      amount: formatAmount(invoice.amount_due, invoice.currency),
      billingUrl: `${env().APP_URL}/billing`,
      invoiceUrl: invoice.hosted_invoice_url,
    })
    return { to, result: await sendEmailOnce(`payment-failed:${event.id}`, email) }
  },
}
