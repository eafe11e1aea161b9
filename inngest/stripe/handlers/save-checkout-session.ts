import { saveCheckoutSessionState } from '@/lib/billing/checkout-sessions'
import type { StripeEventHandler, StripeEventOf } from '../handler'

type CheckoutSessionEventType = 'checkout.session.completed' | 'checkout.session.async_payment_succeeded' | 'checkout.session.async_payment_failed'

/**
 * Keeps the app's record of a Checkout session (status, payment status, subscription) equal to Stripe's. It
 * re-reads the session through the pinned SDK, so an endpoint on another API version, or an older event
 * processed late, cannot write a stale shape.
 */
export const saveCheckoutSession: StripeEventHandler<StripeEventOf<CheckoutSessionEventType>> = {
  id: 'save-checkout-session',
  async run(event, stripe) {
    const session = await stripe.checkout.sessions.retrieve(event.data.object.id)
    await saveCheckoutSessionState(session)
    return { session: session.id, status: session.status, paymentStatus: session.payment_status }
  },
}
