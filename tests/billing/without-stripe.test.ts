import { describe, expect, it, vi } from 'vitest'
import { renderPageFully } from '../support/render-page'
import { nextHeadersMock, signInAs } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())
// Next's data cache exists only inside a Next server; here the pricing page reads the catalog each time.
vi.mock('next/cache', async (importOriginal) => ({ ...(await importOriginal<typeof import('next/cache')>()), unstable_cache: <T>(load: T) => load }))

delete process.env.STRIPE_SECRET_KEY
const { db } = await import('@/lib/db')
const { checkout, manageBilling } = await import('@/lib/billing/actions')
const { loadPricedPlans } = await import('@/lib/billing/pricing')
const { PLANS } = await import('@/lib/billing/catalog')
const { default: PricingPage } = await import('@/app/pricing/page')

describe('without Stripe keys', () => {
  it('checkout and the portal explain how to connect Stripe instead of failing', async () => {
    await signInAs(db, 'early@example.com')
    for (const result of [await checkout({ lookupKey: 'pro_monthly' }), await manageBilling({})]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'not_configured' } })
      if (!result.ok) expect(result.error.message).toMatch(/STRIPE_SECRET_KEY.*stripe:sync.*stripe listen/s)
    }
  })

  it('the pricing page still has every plan, at the catalog’s prices', async () => {
    const plans = await loadPricedPlans()
    expect(plans.map((p) => p.key)).toEqual(PLANS.map((p) => p.key))
    const offers = plans.flatMap((p) => p.offers)
    expect(offers.map((o) => o.lookupKey)).toEqual(PLANS.flatMap((p) => p.prices.map((price) => price.lookupKey)))
    expect(offers.every((o) => !o.inStripe && o.amount > 0)).toBe(true)
  })
})

describe('a production start with no Stripe key (npm start)', () => {
  it('the pricing page lists the steps to connect Stripe, one each, and offers no purchase that could only fail', async () => {
    await signInAs(db, 'preview@example.com')
    const page = await renderPageFully(await PricingPage({ searchParams: Promise.resolve({}) }))
    const steps = [...page.matchAll(/<li>([^<]*)/g)].map(([, text]) => text)
    expect(steps[0]).toMatch(/^Set STRIPE_SECRET_KEY in \.env\.local/)
    expect(page).toContain('>npm run stripe:sync</code>')
    expect(page).not.toContain('Choose Pro')
    expect(page).toContain('Payments are not connected yet: the steps above connect Stripe.')
  })
})

describe('the webhook route without STRIPE_WEBHOOK_SECRET', () => {
  it('answers 503 so Stripe retries until the secret is set, and records nothing', async () => {
    delete process.env.STRIPE_WEBHOOK_SECRET
    const { POST } = await import('@/app/api/webhooks/stripe/route')
    const response = await POST(new Request('http://localhost:3000/api/webhooks/stripe', { method: 'POST', body: '{}', headers: { 'stripe-signature': 't=1,v1=x' } }))
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ error: 'not_configured' })
    expect(await db.stripeEvent.count()).toBe(0)
  })
})
