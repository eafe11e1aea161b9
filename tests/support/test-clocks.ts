// What the sandbox's test-clock suites do over and over through the real SDK: put a new customer on a fresh test clock
// and subscribe it through Checkout, and advance a clock the way Stripe does it (the request answers `advancing`;
// the work runs after; `double.idle()` waits for it and its webhooks).
import type Stripe from 'stripe'
import type { StripeDouble } from '@/sandbox/stripe'

export const DAY = 86_400

/**
 * A customer on its own new test clock, frozen at `frozenTime`, subscribed to `price` through Checkout, with the
 * `metered` prices as further line items (no quantity, as Stripe wants for metered prices).
 */
export async function subscribeOnTestClock(
  double: StripeDouble,
  price: Stripe.Price,
  options: { frozenTime: number; trialDays?: number; card?: string; email?: string; metered?: readonly Stripe.Price[] },
): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; subscription: Stripe.Subscription }> {
  const stripe = double.client()
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: options.frozenTime, name: 'a year of billing' })
  const customer = await stripe.customers.create({ email: options.email ?? `${Math.random().toString(36).slice(2)}@example.com`, test_clock: clock.id })
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price: price.id, quantity: 1 }, ...(options.metered ?? []).map((metered) => ({ price: metered.id }))],
    success_url: 'http://localhost/ok',
    ...(options.trialDays && { subscription_data: { trial_period_days: options.trialDays } }),
  })
  const done = await double.completeCheckout(session.id, options.card ? { card: options.card } : {})
  const subscription = await stripe.subscriptions.retrieve(String(done.subscription))
  return { clock, customer, subscription }
}

/** Advances the clock to `frozenTime` as Stripe does, waits for it to be ready, and returns it. */
export async function advanceClock(double: StripeDouble, clockId: string, frozenTime: number): Promise<Stripe.TestHelpers.TestClock> {
  const stripe = double.client()
  const advancing = await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime })
  if (advancing.status !== 'advancing') throw new Error(`advancing ${clockId} answered ${advancing.status}`)
  await double.idle()
  return stripe.testHelpers.testClocks.retrieve(clockId)
}

/** Advances in steps no longer than `step` seconds (Stripe's limit is two intervals of the shortest subscription). */
export async function advanceClockInSteps(double: StripeDouble, clockId: string, frozenTime: number, step: number): Promise<Stripe.TestHelpers.TestClock> {
  const stripe = double.client()
  let clock: Stripe.TestHelpers.TestClock = await stripe.testHelpers.testClocks.retrieve(clockId)
  while (clock.frozen_time < frozenTime) clock = await advanceClock(double, clockId, Math.min(frozenTime, clock.frozen_time + step))
  return clock
}

/** The events about a customer's objects (itself, its subscriptions, invoices and their payments) since index `start`. */
export function eventsOn(double: StripeDouble, customerId: string, start = 0): Stripe.Event[] {
  return double.events.slice(start).filter((event) => {
    const object = event.data.object as { id?: string; customer?: unknown; invoice?: unknown }
    const invoice = typeof object.invoice === 'string' ? double.invoices.get(object.invoice) : undefined
    return object.customer === customerId || object.id === customerId || invoice?.customer === customerId
  })
}
