import type Stripe from 'stripe'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { StripeEventHandler, StripeEventHandlerMap, StripeEventOf } from '@/inngest/stripe/handler'
import { handlersFor, stripeEventHandlers } from '@/inngest/stripe/event-handlers'
import { sendPaymentFailedEmail } from '@/inngest/stripe/handlers/send-payment-failed-email'
import { sendTrialEndingEmail } from '@/inngest/stripe/handlers/send-trial-ending-email'
import { syncCustomer } from '@/inngest/stripe/handlers/sync-customer'

// These checks are made by `npm run typecheck` (tsc reads every file under tests/): each `@ts-expect-error` fails
// the typecheck if the line below it compiles, so a map that takes a handler for the wrong event cannot come back.
describe('the event → handler map', () => {
  it('rejects a handler written for another event type, in every position', () => {
    const wrongFirst = {
      // @ts-expect-error a trial_will_end handler cannot run for invoice.payment_failed
      'invoice.payment_failed': [sendTrialEndingEmail, syncCustomer],
    } satisfies StripeEventHandlerMap
    const wrongBesideGeneral = {
      // @ts-expect-error not even beside a general handler, the case that used to compile
      'invoice.payment_failed': [syncCustomer, sendTrialEndingEmail],
    } satisfies StripeEventHandlerMap
    const wrongAlone = {
      // @ts-expect-error nor alone
      'invoice.paid': [sendPaymentFailedEmail],
    } satisfies StripeEventHandlerMap
    expect([wrongFirst, wrongBesideGeneral, wrongAlone].map((map) => Object.keys(map))).toEqual([['invoice.payment_failed'], ['invoice.payment_failed'], ['invoice.paid']])
  })

  it('accepts general handlers beside specific ones', () => {
    const map = { 'invoice.payment_failed': [syncCustomer, sendPaymentFailedEmail] } satisfies StripeEventHandlerMap
    expect(map['invoice.payment_failed'].map((handler) => handler.id)).toEqual(['sync-customer', 'send-payment-failed-email'])
  })

  it('hands each type its handlers typed for that event', () => {
    expectTypeOf(handlersFor('invoice.payment_failed')).toEqualTypeOf<readonly StripeEventHandler<StripeEventOf<'invoice.payment_failed'>>[]>()
    expectTypeOf(syncCustomer).toExtend<StripeEventHandler<StripeEventOf<'product.created'>>>()
    expectTypeOf(sendTrialEndingEmail).not.toExtend<StripeEventHandler<Stripe.Event>>()
    expect(handlersFor('invoice.payment_failed')).toBe(stripeEventHandlers['invoice.payment_failed'])
  })
})
