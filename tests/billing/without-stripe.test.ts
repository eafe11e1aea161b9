import { describe, expect, it, vi } from 'vitest'
import { nextHeadersMock, signInAs } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())

delete process.env.STRIPE_SECRET_KEY
const { db } = await import('@/lib/db')
const { checkout, manageBilling } = await import('@/lib/billing/actions')
const { loadPricedPlans } = await import('@/lib/billing/pricing')

describe('without Stripe keys', () => {
  it('checkout and the portal explain how to connect Stripe instead of failing', async () => {
    await signInAs(db, 'early@example.com')
    for (const result of [await checkout({ lookupKey: 'pro_monthly' }), await manageBilling({})]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'not_configured' } })
      if (!result.ok) expect(result.error.message).toMatch(/STRIPE_SECRET_KEY.*stripe:sync.*stripe listen/)
    }
  })

  it('the pricing page still has every plan, at the catalog’s prices', async () => {
    const plans = await loadPricedPlans()
    expect(plans.map((p) => p.key)).toEqual(['free', 'pro', 'team'])
    expect(plans[1]!.offers.every((o) => !o.inStripe && o.amount > 0)).toBe(true)
  })
})
