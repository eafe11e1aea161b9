import { planFor } from '@/lib/billing/catalog'
import { db } from '@/lib/db'
import { sendEmailOnce } from '@/lib/email/send-once'
import { trialEndingEmail } from '@/lib/email/templates/trial-ending-email'
import { env } from '@/lib/env'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/** Stripe sends trial_will_end three days before a trial ends; tell the customer, once per event. */
export const sendTrialEndingEmail: StripeEventHandler<StripeEventOf<'customer.subscription.trial_will_end'>> = {
  id: 'send-trial-ending-email',
  async run(event) {
    const subscription = event.data.object
    const customerId = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
    const user = await db.user.findUnique({ where: { stripeCustomerId: customerId } })
    if (!user?.email || !subscription.trial_end) return { skipped: 'no address or no trial end' }

    const item = subscription.items.data[0]
    const product = item ? (typeof item.price.product === 'string' ? item.price.product : item.price.product.id) : null
    const plan = planFor({ lookupKey: item?.price.lookup_key, productId: product })
    const endsOn = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(subscription.trial_end * 1000))
    const email = trialEndingEmail({ to: user.email, planName: plan?.name ?? 'subscription', endsOn, billingUrl: `${env().APP_URL}/billing` })
    return { to: user.email, result: await sendEmailOnce(`trial-ending:${event.id}`, email) }
  },
}
