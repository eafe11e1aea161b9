import { describe, expect, it } from 'vitest'
import { billingStateOf } from '@/lib/billing/billing-state'
import { entitlementsFor, PAST_DUE_KEEPS_ACCESS, type SubscriptionState } from '@/lib/billing/entitlements'

const subscription = (overrides: Partial<SubscriptionState>): SubscriptionState => ({
  id: 'sub_1',
  status: 'active',
  priceId: 'price_1',
  priceLookupKey: 'pro_monthly',
  productId: 'tollgate_pro',
  currentPeriodEnd: new Date('2027-01-01'),
  trialEnd: null,
  cancelAtPeriodEnd: false,
  cancelAt: null,
  createdAt: new Date('2026-11-01'),
  invoiceId: 'in_1',
  invoiceStatus: 'paid',
  invoiceReason: 'subscription_cycle',
  invoiceUrl: 'https://invoice.stripe.com/i/in_1',
  ...overrides,
})

const stateOf = (overrides: Partial<SubscriptionState>) => {
  const entitlements = entitlementsFor([subscription(overrides)])
  return { entitlements, state: billingStateOf(entitlements) }
}

describe('every subscription state, in words with its one next step', () => {
  it.each([
    ['trialing', {}, 'Free trial', null, true],
    ['active', {}, 'Active', null, true],
    ['past_due', { invoiceStatus: 'open' }, 'Payment failed', 'update_payment_method', PAST_DUE_KEEPS_ACCESS],
    ['paused', {}, 'Paused', 'resume', false],
    ['unpaid', { invoiceStatus: 'open' }, 'Unpaid', 'update_payment_method', false],
    ['incomplete', { invoiceStatus: 'open', invoiceReason: 'subscription_create' }, 'Awaiting payment', 'confirm_payment', false],
  ] as const)('%s', (status, overrides, label, next, access) => {
    const { entitlements, state } = stateOf({ status, ...overrides })
    expect(state.label).toBe(label)
    expect(state.next?.kind ?? null).toBe(next)
    expect(entitlements.features.has('reports')).toBe(access)
  })

  it.each(['canceled', 'incomplete_expired'])('%s is finished: the Free plan, and the next step is choosing a plan', (status) => {
    const { entitlements, state } = stateOf({ status })
    expect(entitlements.subscription).toBeNull()
    expect(state).toMatchObject({ standing: 'free', label: 'Free plan', next: { kind: 'choose_plan' } })
  })

  it('a payment waiting for 3D Secure says "Confirm your payment" with the hosted invoice, not "payment failed"', () => {
    const { entitlements, state } = stateOf({ status: 'past_due', invoiceStatus: 'open', actionInvoiceId: 'in_1' })
    expect(entitlements.standing).toBe('action_required')
    expect(state.label).toBe('Confirm your payment')
    expect(state.notice?.title).not.toMatch(/failed/i)
    expect(state.next).toEqual({ kind: 'confirm_payment', label: 'Confirm your payment', url: 'https://invoice.stripe.com/i/in_1' })
  })

  it('an action request for an invoice that is since paid, or superseded, no longer counts', () => {
    expect(stateOf({ status: 'active', invoiceStatus: 'paid', actionInvoiceId: 'in_1' }).entitlements.standing).toBe('active')
    expect(stateOf({ status: 'past_due', invoiceId: 'in_2', invoiceStatus: 'open', actionInvoiceId: 'in_1' }).entitlements.standing).toBe('past_due')
  })

  it('a first bank payment still settling grants nothing yet and says so', () => {
    const { entitlements, state } = stateOf({ status: 'active', invoiceStatus: 'open', invoiceReason: 'subscription_create' })
    expect(entitlements.standing).toBe('payment_processing')
    expect(entitlements.features.has('reports')).toBe(false)
    expect(state.label).toBe('Payment processing')
    expect(state.next).toBeNull()
  })

  it('a first bank payment that failed grants nothing, even though Stripe marks the subscription past_due', () => {
    const { entitlements, state } = stateOf({ status: 'past_due', invoiceStatus: 'open', invoiceReason: 'subscription_create' })
    expect(entitlements.features.has('reports')).toBe(false)
    expect(state.next).toMatchObject({ kind: 'confirm_payment', label: 'Complete your payment' })
  })

  it.each([
    ['keep_as_draft', true],
    ['mark_uncollectible', true],
    ['void', false],
  ] as const)('pause_collection=%s: access follows Stripe’s meaning of the behavior', (behavior, access) => {
    const { entitlements, state } = stateOf({ status: 'active', pauseCollection: behavior })
    expect(entitlements.standing).toBe('collection_paused')
    expect(entitlements.features.has('reports')).toBe(access)
    expect(state.label).toBe('Payments paused')
  })

  it('names the paused subscription’s own plan even though it grants nothing now', () => {
    const { entitlements, state } = stateOf({ status: 'paused' })
    expect(entitlements.plan.key).toBe('free')
    expect(entitlements.subscription?.id).toBe('sub_1')
    expect(state.notice?.title).toBe('Your subscription is paused.')
    expect(state).toMatchObject({ planName: 'Pro', renews: false })
    expect(stateOf({ status: 'active' }).state).toMatchObject({ planName: 'Pro', renews: true })
  })
})
