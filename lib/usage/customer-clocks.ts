import 'server-only'
import type Stripe from 'stripe'
import { env, testClocksOn } from '@/lib/env'

/**
 * The frozen time of each customer's test clock, for customers on one. Stripe checks a meter event's timestamp
 * against the customer's clock ("up to 5 minutes in the future"), and a test clock stands still while the server's
 * time moves on, so a use recorded an hour after the clock's time must be sent at the clock's time (decision 0063).
 * One request per customer per batch, and none unless test clocks are on (test mode only).
 */
export async function testClockTimes(stripe: Stripe, customerIds: Iterable<string>): Promise<Map<string, number>> {
  const times = new Map<string, number>()
  if (!testClocksOn(env())) return times
  for (const id of new Set(customerIds)) {
    const customer = await stripe.customers.retrieve(id, { expand: ['test_clock'] })
    const clock = customer.deleted ? null : customer.test_clock
    if (clock && typeof clock !== 'string') times.set(id, clock.frozen_time)
  }
  return times
}
