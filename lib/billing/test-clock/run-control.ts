import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { LIVE_STATUSES, readClockView, type ClockView } from './clock-view'
import { CLOCK_CONTROLS, TEST_CARD_CHOICES, targetOf, type CardName, type ClockControlDone, type ClockControlName } from './controls'

/**
 * Runs one control of /billing/test-clock on the organization's customer, as Stripe's API does it on a test account
 * (and on the sandbox, which speaks the same API). `nonce` comes from the form the page rendered: a double-click
 * sends the same one, and every write under it carries the same idempotency key, so it happens once. Answers what
 * was done: the control, and the time it advances the clock to.
 */
export async function runClockControl(stripe: Stripe, customerId: string, name: ClockControlName, nonce: string): Promise<ClockControlDone> {
  const view = await readClockView(stripe, customerId)
  if (!view) throw new ActionFailure('conflict', 'This organization’s Stripe customer is not on a test clock (it was created before test clocks were on), so its time cannot be moved.')
  const control = CLOCK_CONTROLS[name]
  if (control.kind === 'card') {
    await switchCard(stripe, view, control.card, nonce)
    return { control: name, to: null }
  }
  const target = targetOf(control, view)
  if (target === null) throw new ActionFailure('conflict', `“${control.label}” does not apply to a ${view.subscription?.status ?? 'missing'} subscription.`)
  // Checked before any write, so "Renewal fails" on a clock still advancing changes no card either.
  if (view.clock.status !== 'ready') throw new ActionFailure('conflict', `The clock is ${view.clock.status.replace('_', ' ')}: wait until it is ready, then try again.`)
  if (control.kind === 'card-then-advance') await switchCard(stripe, view, control.card, nonce)
  await advanceClock(stripe, view, target)
  return { control: name, to: target }
}

/**
 * Advances the clock (https://docs.stripe.com/api/test_clocks/advance). Stripe answers at once with the clock
 * `advancing` and does the work after; the page then shows it advancing until it is `ready`. The key is the clock and
 * its target: asking twice for the same move is one move.
 */
async function advanceClock(stripe: Stripe, view: ClockView, target: number): Promise<void> {
  await stripe.testHelpers.testClocks.advance(view.clock.id, { frozen_time: target }, { idempotencyKey: `tollgate:test-clock:${view.clock.id}:advance-to:${target}` })
}

/**
 * Makes a test card the customer's payment method, as the portal's "Update payment method" does: attach it
 * (https://docs.stripe.com/api/payment_methods/attach), make it the default for invoices, and the default of the
 * subscription not yet ended (the app keeps one per organization), because a subscription's own default is charged before the customer's
 * (https://docs.stripe.com/billing/revenue-recovery/smart-retries#payment-method-ordering). A card Stripe declines as
 * it attaches leaves the old one in place and answers Stripe's own words.
 */
async function switchCard(stripe: Stripe, view: ClockView, card: CardName, nonce: string): Promise<void> {
  const choice = TEST_CARD_CHOICES[card]
  const key = `tollgate:test-card:${view.customerId}:${nonce}:${card}`
  let method: Stripe.PaymentMethod
  try {
    method = await stripe.paymentMethods.attach(choice.token, { customer: view.customerId }, { idempotencyKey: `${key}:attach` })
  } catch (error) {
    if ((error as { type?: string }).type === 'StripeCardError') throw new ActionFailure('payment_failed', `Stripe refused ${choice.label.toLowerCase()}: ${(error as Error).message} The old card stays.`)
    throw error
  }
  await stripe.customers.update(view.customerId, { invoice_settings: { default_payment_method: method.id } }, { idempotencyKey: `${key}:default` })
  const subscription = view.subscription
  if (subscription && LIVE_STATUSES.has(subscription.status)) {
    await stripe.subscriptions.update(subscription.id, { default_payment_method: method.id }, { idempotencyKey: `${key}:${subscription.id}` })
  }
}
