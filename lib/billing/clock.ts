import 'server-only'
import type Stripe from 'stripe'

/** A Stripe object that may live on a test clock: a customer, a subscription, an invoice, a schedule. */
type OnClock = { test_clock?: string | Stripe.TestHelpers.TestClock | null }

/**
 * "Now" for billing, in Stripe's seconds: the frozen time of the object's test clock when it has one, the wall clock
 * otherwise. Everything Stripe does for an object on a clock happens on the clock's time ("Time at which all objects
 * belonging to this clock are frozen", https://docs.stripe.com/api/test_clocks/object), so a date the app compares
 * with that object's dates (a trial's end, a period's end) must be compared with the clock's time, never the server's
 * (decision 0053). It costs one request only for an object on a clock whose clock is not expanded; test mode only.
 */
export async function billingNow(stripe: Stripe, object: OnClock): Promise<number> {
  const clock = object.test_clock
  if (!clock) return Math.floor(Date.now() / 1000)
  if (typeof clock !== 'string') return clock.frozen_time
  return (await stripe.testHelpers.testClocks.retrieve(clock)).frozen_time
}
