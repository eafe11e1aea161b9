import 'server-only'
import type Stripe from 'stripe'
import { env, testClocksOn } from '@/lib/env'

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

/**
 * The time a read of the customer's objects that starts now is at least as fresh as, for stamping what the read saves
 * (rows keep the newest state by that time). On a test clock it is the clock's time, which stamps every event about
 * the customer's objects and may run months ahead of the server's; stamping with the server's time would make a
 * re-read look older than the events it should repair (decision 0053). One request, only while test clocks are on.
 */
export async function readTimeOf(stripe: Stripe, customerId: string): Promise<Date> {
  const wall = new Date()
  if (!testClocksOn(env())) return wall
  const customer = await stripe.customers.retrieve(customerId, { expand: ['test_clock'] })
  const clock = customer.deleted ? null : customer.test_clock
  if (!clock || typeof clock === 'string') return wall
  return new Date(Math.max(wall.getTime(), clock.frozen_time * 1000))
}
