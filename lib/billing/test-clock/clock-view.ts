import 'server-only'
import type Stripe from 'stripe'
import { planFor } from '../catalog'
import { licensedItem } from '../subscription-items'

/** What /billing/test-clock shows and acts on: the organization's customer, its test clock and its current subscription. */
export type ClockView = {
  customerId: string
  clock: Stripe.TestHelpers.TestClock
  subscription: Stripe.Subscription | null
  planName: string | null
  defaultCard: string | null
}

/** Statuses of a subscription that has not ended: the one the page acts on, and whose card a switch replaces. */
export const LIVE_STATUSES: ReadonlySet<string> = new Set(['trialing', 'active', 'past_due', 'unpaid', 'paused', 'incomplete'])

/**
 * The organization's customer with its clock expanded, and its newest subscription not yet ended (else its newest):
 * two Stripe requests. Null when the customer is not on a clock (made before test clocks were turned on): it lives
 * on real time, and nothing here can move it. A customer on a clock is listed only by naming it or its clock
 * (the SDK's SubscriptionListParams), so the list names the customer.
 */
export async function readClockView(stripe: Stripe, customerId: string): Promise<ClockView | null> {
  const customer = await stripe.customers.retrieve(customerId, { expand: ['test_clock', 'invoice_settings.default_payment_method'] })
  if (customer.deleted || !customer.test_clock || typeof customer.test_clock === 'string') return null
  const { data } = await stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 10, expand: ['data.default_payment_method'] })
  const subscription = data.find((s) => LIVE_STATUSES.has(s.status)) ?? data[0] ?? null
  const item = subscription ? licensedItem(subscription) : undefined
  const product = item ? (typeof item.price.product === 'string' ? item.price.product : item.price.product.id) : null
  // A subscription's own default is charged before the customer's (Checkout sets the subscription's).
  const method = subscription?.default_payment_method ?? customer.invoice_settings.default_payment_method
  const brand = (name: string) => name.charAt(0).toUpperCase() + name.slice(1)
  const card = method && typeof method !== 'string' && method.card ? `${brand(method.card.brand)} •••• ${method.card.last4}` : null
  return {
    customerId,
    clock: customer.test_clock,
    subscription,
    planName: item ? (planFor({ lookupKey: item.price.lookup_key, productId: product })?.name ?? item.price.id) : null,
    defaultCard: card,
  }
}
