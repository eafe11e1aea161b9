import { billingRecipient } from '@/lib/billing/billing-recipient'
import { planFor } from '@/lib/billing/catalog'
import { sendEmailOnce } from '@/lib/email/send-once'
import { bankPaymentFailedEmail } from '@/lib/email/templates/bank-payment-failed-email'
import { env } from '@/lib/env'
import { customerOf } from '@/lib/webhooks/ledger'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/** A delayed (bank) payment started at Checkout failed: tell the user, once per event, how to pay otherwise. */
export const sendBankPaymentFailedEmail: StripeEventHandler<StripeEventOf<'checkout.session.async_payment_failed'>> = {
  id: 'send-bank-payment-failed-email',
  async run(event, stripe) {
    const recipient = await billingRecipient(customerOf(event))
    if ('skipped' in recipient) return recipient
    // Re-read through the pinned SDK: the line items' shape follows our API version, not the endpoint's.
    const session = await stripe.checkout.sessions.retrieve(event.data.object.id, { expand: ['line_items'] })
    const price = session.line_items?.data[0]?.price
    const product = typeof price?.product === 'string' ? price.product : price?.product?.id
    const plan = planFor({ lookupKey: price?.lookup_key, productId: product })
    const email = bankPaymentFailedEmail({ to: recipient.email, planName: plan?.name ?? 'subscription', billingUrl: `${env().APP_URL}/billing` })
    return { to: recipient.email, result: await sendEmailOnce(`bank-payment-failed:${event.id}`, email) }
  },
}
