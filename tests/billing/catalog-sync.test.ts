import { afterAll, describe, expect, it } from 'vitest'
import { startBillingFixture } from '../support/billing-fixture'

const double = await startBillingFixture()
const { db } = await import('@/lib/db')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { loadPricedPlans } = await import('@/lib/billing/pricing')
const { requireStripe } = await import('@/lib/stripe/client')
const stripe = requireStripe()

afterAll(() => double.close())

// What the committed catalog asks Stripe for, read from it so that adding a plan or a price changes no test.
const paidPlans = PLANS.filter((plan) => plan.prices.length > 0)
const priceCount = paidPlans.reduce((sum, plan) => sum + plan.prices.length, 0)

/** The one portal configuration in the double, as product → sorted price ids. */
function portalOffer() {
  const configurations = [...double.portalConfigurations.values()]
  expect(configurations).toHaveLength(1)
  const update = configurations[0]!.features.subscription_update
  return Object.fromEntries((update.products ?? []).map((entry) => [entry.product, [...entry.prices].sort()]))
}
const priceIds = async (...lookupKeys: string[]) => (await stripe.prices.list({ lookup_keys: lookupKeys, active: true })).data.map((p) => p.id).sort()

describe('npm run stripe:sync', () => {
  it('creates the products and prices, mirrors them locally, and a second run changes nothing', async () => {
    const first = await syncCatalog(stripe, PLANS)
    expect(first.filter((c) => c.kind === 'product' && c.action === 'created').map((c) => c.id).sort()).toEqual(paidPlans.map((plan) => `tollgate_${plan.key}`).sort())
    expect(first.filter((c) => c.kind === 'price' && c.action === 'created')).toHaveLength(priceCount)
    expect(await db.price.count({ where: { active: true, lookupKey: { not: null } } })).toBe(priceCount)
    expect(first.filter((c) => c.kind === 'portal').map((c) => c.action)).toEqual(['created'])
    const [configuration] = [...double.portalConfigurations.values()]
    expect(configuration).toMatchObject({
      active: true,
      metadata: { tollgate_portal: 'catalog' },
      features: {
        payment_method_update: { enabled: true },
        invoice_history: { enabled: true },
        customer_update: { enabled: true },
        subscription_cancel: { enabled: true, mode: 'at_period_end', cancellation_reason: { enabled: true } },
        subscription_update: { enabled: true, default_allowed_updates: ['price'], proration_behavior: 'create_prorations', trial_update_behavior: 'continue_trial' },
      },
    })
    const offered = Object.fromEntries(await Promise.all(paidPlans.map(async (plan) => [`tollgate_${plan.key}`, await priceIds(...plan.prices.map((p) => p.lookupKey))] as const)))
    expect(portalOffer()).toEqual(offered)

    const writesBefore = double.requests.filter((r) => r.method === 'POST').length
    expect(await syncCatalog(stripe, PLANS)).toEqual([])
    expect(double.requests.filter((r) => r.method === 'POST').length).toBe(writesBefore)
    expect(double.prices.size).toBe(priceCount)
  })

  it('moves a lookup key to a new price when the amount changes, archives the old price, and the portal offers the new one', async () => {
    const old = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data[0]!
    const raised = PLANS.map((plan) =>
      plan.key === 'pro' ? { ...plan, prices: plan.prices.map((p) => (p.lookupKey === 'pro_monthly' ? { ...p, amount: 2400 } : p)) } : plan,
    )
    const changes = await syncCatalog(stripe, raised)
    expect(changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['created price', 'archived price', 'updated portal'])

    const current = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data[0]!
    expect(current.unit_amount).toBe(2400)
    expect(current.id).not.toBe(old.id)
    expect((await stripe.prices.retrieve(old.id)).active).toBe(false)
    expect(await db.price.findUnique({ where: { lookupKey: 'pro_monthly' } })).toMatchObject({ id: current.id, unitAmount: 2400 })
    expect(await db.price.findUnique({ where: { id: old.id } })).toMatchObject({ active: false, lookupKey: null })
    const pro = (await loadPricedPlans()).find((p) => p.key === 'pro')!
    expect(pro.offers.find((o) => o.lookupKey === 'pro_monthly')).toMatchObject({ amount: 2400, inStripe: true })
    expect(portalOffer().tollgate_pro).toEqual(await priceIds('pro_monthly', 'pro_yearly'))
    expect(portalOffer().tollgate_pro).toContain(current.id)
    expect(portalOffer().tollgate_pro).not.toContain(old.id)

    expect(await syncCatalog(stripe, raised)).toEqual([])
  })

  it('archives the prices and products the catalog dropped', async () => {
    await syncCatalog(stripe, PLANS) // back to the committed catalog first
    const team = PLANS.find((plan) => plan.key === 'team')!
    const withoutTeam = PLANS.filter((plan) => plan !== team)
    const changes = await syncCatalog(stripe, withoutTeam)
    expect(changes.filter((c) => c.action === 'archived').map((c) => c.kind).sort()).toEqual([...team.prices.map(() => 'price'), 'product'])
    expect((await stripe.products.retrieve('tollgate_team')).active).toBe(false)
    expect(await db.product.findUnique({ where: { id: 'tollgate_team' } })).toMatchObject({ active: false })
    expect(changes.filter((c) => c.kind === 'portal').map((c) => c.action)).toEqual(['updated'])
    expect(Object.keys(portalOffer())).toEqual(['tollgate_pro'])
  })
})
