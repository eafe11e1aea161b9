import { afterAll, describe, expect, it } from 'vitest'
import { startBillingFixture } from '../support/billing-fixture'

const double = await startBillingFixture()
const { db } = await import('@/lib/db')
const { PLANS, metersOf } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { loadPricedPlans } = await import('@/lib/billing/pricing')
const { requireStripe } = await import('@/lib/stripe/client')
const stripe = requireStripe()

afterAll(() => double.close())

// What the committed catalog asks Stripe for, read from it so that adding a plan or a price changes no test.
const paidPlans = PLANS.filter((plan) => plan.prices.length > 0)
const meteredPricesOf = (plan: (typeof PLANS)[number]) => metersOf(plan).flatMap((meter) => meter.prices)
const priceCount = paidPlans.reduce((sum, plan) => sum + plan.prices.length + meteredPricesOf(plan).length, 0)
const meterCount = new Set(PLANS.flatMap((plan) => metersOf(plan).map((meter) => meter.eventName))).size

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
    expect(first.filter((c) => c.kind === 'meter' && c.action === 'created')).toHaveLength(meterCount)
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
    // The first price of the first paid plan, whatever the catalog holds.
    const plan = paidPlans[0]!
    const price = plan.prices[0]!
    const product = `tollgate_${plan.key}`
    const raisedAmount = price.amount + 500
    const old = (await stripe.prices.list({ lookup_keys: [price.lookupKey] })).data[0]!
    const raised = PLANS.map((p) => (p.key === plan.key ? { ...p, prices: p.prices.map((q) => (q.lookupKey === price.lookupKey ? { ...q, amount: raisedAmount } : q)) } : p))
    const changes = await syncCatalog(stripe, raised)
    expect(changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['created price', 'archived price', 'updated portal'])

    const current = (await stripe.prices.list({ lookup_keys: [price.lookupKey] })).data[0]!
    expect(current.unit_amount).toBe(raisedAmount)
    expect(current.id).not.toBe(old.id)
    expect((await stripe.prices.retrieve(old.id)).active).toBe(false)
    expect(await db.price.findUnique({ where: { lookupKey: price.lookupKey } })).toMatchObject({ id: current.id, unitAmount: raisedAmount })
    expect(await db.price.findUnique({ where: { id: old.id } })).toMatchObject({ active: false, lookupKey: null })
    const priced = (await loadPricedPlans()).find((p) => p.key === plan.key)!
    expect(priced.offers.find((o) => o.lookupKey === price.lookupKey)).toMatchObject({ amount: raisedAmount, inStripe: true })
    expect(portalOffer()[product]).toEqual(await priceIds(...plan.prices.map((p) => p.lookupKey)))
    expect(portalOffer()[product]).toContain(current.id)
    expect(portalOffer()[product]).not.toContain(old.id)

    expect(await syncCatalog(stripe, raised)).toEqual([])
  })

  it('archives the prices and products the catalog dropped', async () => {
    await syncCatalog(stripe, PLANS) // back to the committed catalog first
    const dropped = paidPlans.at(-1)!
    const kept = PLANS.filter((plan) => plan !== dropped)
    const changes = await syncCatalog(stripe, kept)
    expect(changes.filter((c) => c.action === 'archived').map((c) => c.kind).sort()).toEqual([...[...dropped.prices, ...meteredPricesOf(dropped)].map(() => 'price'), 'product'])
    expect((await stripe.products.retrieve(`tollgate_${dropped.key}`)).active).toBe(false)
    expect(await db.product.findUnique({ where: { id: `tollgate_${dropped.key}` } })).toMatchObject({ active: false })
    expect(changes.filter((c) => c.kind === 'portal').map((c) => c.action)).toEqual(['updated'])
    expect(Object.keys(portalOffer()).sort()).toEqual(paidPlans.filter((plan) => plan !== dropped).map((plan) => `tollgate_${plan.key}`).sort())
  })

  it('a meter changed beyond its display name becomes a new meter, and its prices move to it', async () => {
    await syncCatalog(stripe, PLANS)
    const [meter] = (await stripe.billing.meters.list({ status: 'active' })).data
    const renamed = PLANS.map((plan) => ({ ...plan, meters: metersOf(plan).map((m) => ({ ...m, displayName: 'Requests' })) }))
    expect((await syncCatalog(stripe, renamed)).map((c) => `${c.action} ${c.kind} ${c.id}`)).toEqual([`updated meter ${meter!.id}`])
    expect((await stripe.billing.meters.retrieve(meter!.id)).display_name).toBe('Requests')

    const counted = renamed.map((plan) => ({ ...plan, meters: metersOf(plan).map((m) => ({ ...m, aggregation: 'count' as const })) }))
    const changes = await syncCatalog(stripe, counted)
    const meterChanges = changes.filter((c) => c.kind === 'meter')
    expect(meterChanges.map((c) => c.action)).toEqual(['archived', 'created'])
    expect(meterChanges[0]!.detail).toMatch(/aggregation sum → count; meters are immutable, so this is a new meter/)
    expect((await stripe.billing.meters.retrieve(meter!.id)).status).toBe('inactive')
    const metered = paidPlans.flatMap(meteredPricesOf)
    expect(changes.filter((c) => c.kind === 'price' && c.action === 'created')).toHaveLength(metered.length)
    const moved = await stripe.prices.list({ lookup_keys: metered.map((p) => p.lookupKey), active: true })
    expect(new Set(moved.data.map((p) => p.recurring?.meter))).toEqual(new Set([meterChanges[1]!.id]))
    expect(await syncCatalog(stripe, counted)).toEqual([])
  })
})
