// What docs/recipes/upgrade-the-stripe-api-version.md relies on: one version across the SDK, the pin, the sandbox's
// events and the events the tests and the bench sign. After a bump this names every place still on the old one.
import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { benchEvent } from '../../bench/payloads'
import { PINNED_VERSION, stripeEventPayload } from '../operators/ledger-rows'
import { stripeEvent } from '../support/stripe-signing'

const { STRIPE_API_VERSION } = await import('@/lib/stripe/client')
const { API_VERSION: SANDBOX_EVENTS_VERSION } = await import('@/sandbox/stripe/core/events')

describe('the pinned Stripe API version', () => {
  it('is the one the stripe package is typed for', () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION)
  })

  it('is the one the sandbox renders its events in, so the app’s own tests never see a mismatch by accident', () => {
    expect(SANDBOX_EVENTS_VERSION).toBe(STRIPE_API_VERSION)
  })

  it('is the one the test and bench fixtures sign their events with', () => {
    expect(stripeEvent('invoice.paid', {}).api_version).toBe(STRIPE_API_VERSION)
    expect(PINNED_VERSION).toBe(STRIPE_API_VERSION)
    expect(JSON.parse(stripeEventPayload({ id: 'evt_fixture' })).api_version).toBe(STRIPE_API_VERSION)
    expect(benchEvent('evt_bench', 1).api_version).toBe(STRIPE_API_VERSION)
  })
})
