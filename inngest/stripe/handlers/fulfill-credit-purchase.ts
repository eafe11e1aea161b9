import { fulfillCreditPurchase as fulfill } from '@/lib/usage/fulfill-credit-purchase'
import { isPinnedVersion } from '@/lib/webhooks/api-version'
import type { StripeEventHandler, StripeEventOf } from '../handler'

/**
 * A paid credit purchase becomes a paid credit grant, once per Checkout session however many events say so
 * (lib/usage/buy-credits.ts). The session as Stripe has it now when the payload is from another API version.
 */
export const fulfillCreditPurchase: StripeEventHandler<StripeEventOf<'checkout.session.completed' | 'checkout.session.async_payment_succeeded'>> = {
  id: 'fulfill-credit-purchase',
  async run(event, stripe) {
    const session = isPinnedVersion(event) ? event.data.object : await stripe.checkout.sessions.retrieve(event.data.object.id)
    return fulfill(stripe, session)
  },
}
