import { saveCheckoutSessionState } from '@/lib/billing/checkout-sessions'
import { isPinnedVersion } from '@/lib/webhooks/api-version'
import type { StripeEventHandler, StripeEventOf } from '../handler'

type CheckoutSessionEventType = 'checkout.session.completed' | 'checkout.session.async_payment_succeeded' | 'checkout.session.async_payment_failed' | 'checkout.session.expired'

/**
 * Keeps the app's record of a Checkout session (status, payment status, subscription) equal to Stripe's. A payload
 * in the pinned API version is read as it is (one Stripe call fewer per checkout); one from an endpoint on another
 * version is re-read through the pinned SDK. An older event processed late cannot move the row back: a session
 * only moves forward (saveCheckoutSessionState).
 */
export const saveCheckoutSession: StripeEventHandler<StripeEventOf<CheckoutSessionEventType>> = {
  id: 'save-checkout-session',
  async run(event, stripe) {
    const session = isPinnedVersion(event) ? event.data.object : await stripe.checkout.sessions.retrieve(event.data.object.id)
    await saveCheckoutSessionState(session)
    return { session: session.id, status: session.status, paymentStatus: session.payment_status }
  },
}
