import { billingRecipient } from '@/lib/billing/billing-recipient'
import { planFor } from '@/lib/billing/catalog'
import { billingNow } from '@/lib/billing/clock'
import { licensedItem, productIdOf } from '@/lib/billing/subscription-items'
import { sendEmailOnce } from '@/lib/email/send-once'
import { trialEndingEmail } from '@/lib/email/templates/trial-ending-email'
import { env } from '@/lib/env'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * Stripe sends trial_will_end three days before a trial ends — and also at once when a trial is ended early
 * (`trial_end=now`, or a portal plan change with `trial_update_behavior: end_trial`), in the same moment it
 * charges (https://docs.stripe.com/api/events/types). So the subscription is read again, and the customer is told
 * only while it is still trialing with its end ahead (on the subscription's test clock, if it has one); once per event.
 */
export const sendTrialEndingEmail: StripeEventHandler<StripeEventOf<'customer.subscription.trial_will_end'>> = {
  id: 'send-trial-ending-email',
  async run(event, stripe) {
    const subscription = await stripe.subscriptions.retrieve(event.data.object.id)
    // On a test clock the trial ends on the clock's time, months from the server's (decision 0053).
    const nowSeconds = await billingNow(stripe, subscription)
    if (subscription.status !== 'trialing' || !subscription.trial_end || subscription.trial_end <= nowSeconds) {
      return { skipped: `the trial is over (status ${subscription.status})` }
    }
    const customerId = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id
    const recipient = await billingRecipient(customerId)
    if ('skipped' in recipient) return recipient

    // The plan is named by the licensed item's price; metered items carry the plan's usage prices.
    const item = licensedItem(subscription)
    const plan = item ? planFor({ lookupKey: item.price.lookup_key, productId: productIdOf(item.price) }) : undefined
    const endsOn = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(subscription.trial_end * 1000))
    const email = trialEndingEmail({ to: recipient.email, planName: plan?.name ?? 'subscription', endsOn, billingUrl: `${env().APP_URL}/billing` })
    return { to: recipient.email, result: await sendEmailOnce(`trial-ending:${event.id}`, email) }
  },
}
