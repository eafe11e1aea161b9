import { describe, expect, it } from 'vitest'
import { productIdFor, PLANS } from '@/lib/billing/catalog'
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
  ...overrides,
})

describe('entitlements', () => {
  it('no subscription means the Free plan and its features only', () => {
    const result = entitlementsFor([])
    expect(result.plan.key).toBe('free')
    expect([...result.features]).toEqual(['projects'])
    expect(result.subscription).toBeNull()
  })

  it.each(['trialing', 'active'])('%s grants the plan', (status) => {
    const result = entitlementsFor([subscription({ status })])
    expect(result.plan.key).toBe('pro')
    expect(result.features.has('reports')).toBe(true)
  })

  it.each(['canceled', 'incomplete', 'incomplete_expired', 'unpaid', 'paused'])('%s grants nothing beyond Free', (status) => {
    const result = entitlementsFor([subscription({ status })])
    expect(result.plan.key).toBe('free')
    expect(result.features.has('reports')).toBe(false)
  })

  it('past_due follows the grace policy and flags the payment problem', () => {
    const result = entitlementsFor([subscription({ status: 'past_due' })])
    expect(result.features.has('reports')).toBe(PAST_DUE_KEEPS_ACCESS)
    expect(result.pastDue).toBe(true)
  })

  it('a subscriber on an old price (lookup key moved on) keeps the plan through its product', () => {
    const team = PLANS.find((p) => p.key === 'team')!
    const result = entitlementsFor([subscription({ priceLookupKey: null, productId: productIdFor(team) })])
    expect(result.plan.key).toBe('team')
  })

  it('a price the catalog does not know grants nothing', () => {
    expect(entitlementsFor([subscription({ priceLookupKey: 'mystery', productId: 'prod_other' })]).plan.key).toBe('free')
  })

  it('the newest granting subscription wins over an old canceled one', () => {
    const result = entitlementsFor([
      subscription({ id: 'sub_old', status: 'canceled', priceLookupKey: 'team_monthly', createdAt: new Date('2026-01-01') }),
      subscription({ id: 'sub_new', status: 'active', priceLookupKey: 'pro_yearly', createdAt: new Date('2026-10-01') }),
    ])
    expect(result.subscription?.id).toBe('sub_new')
    expect(result.plan.key).toBe('pro')
  })
})
