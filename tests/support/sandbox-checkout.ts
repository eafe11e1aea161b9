// What the sandbox's own tests do over and over through the real SDK: subscribe a new customer through Checkout,
// and catch the error a call is expected to end with.
import type Stripe from 'stripe'
import type { StripeDouble } from '@/sandbox/stripe'

/** The error `promise` rejects with; a call that succeeds fails the test. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

/**
 * A new customer subscribed to `price` through a Checkout Session the customer pays on the sandbox's page, as the
 * app's customers subscribe: the first period (or a trial of `trialDays`) starts now.
 */
export async function subscribeThroughCheckout(double: StripeDouble, price: Stripe.Price, options: { email?: string; trialDays?: number; quantity?: number } = {}) {
  const stripe = double.client()
  const customer = await stripe.customers.create({ email: options.email ?? `${Math.random().toString(36).slice(2)}@example.com` })
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: price.id, quantity: options.quantity ?? 1 }],
    success_url: 'http://localhost/ok',
    ...(options.trialDays && { subscription_data: { trial_period_days: options.trialDays } }),
  })
  const done = await double.completeCheckout(session.id)
  const subscription = await stripe.subscriptions.retrieve(String(done.subscription))
  const item = subscription.items.data[0]
  if (!item) throw new Error(`checkout made subscription ${subscription.id} without an item`)
  return { customer, subscription, item }
}
