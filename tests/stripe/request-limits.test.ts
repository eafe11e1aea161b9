// The app's requests stay inside the sizes Stripe documents (lib/stripe/limits.ts, decision 0041), shown with inputs
// past each limit: a catalog of 12 plans (24 lookup keys, 12 products), an organization named past 150 characters,
// and metadata past every bound. The last test reads every request this file sent to the Stripe double.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock } from '../support/request-context'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())

const fx = await startSubscriberFixture()
const { double, db, stripe } = fx
const { PLANS } = await import('@/lib/billing/catalog')
type Plan = (typeof PLANS)[number] | import('@/lib/billing/catalog').Plan
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { clampText, inChunks, stripeMetadata, MAX_CUSTOMER_NAME, MAX_EVENT_TYPES_PER_LIST, MAX_EXPAND_DEPTH, MAX_LOOKUP_KEYS_PER_LIST, MAX_PORTAL_UPDATE_PRODUCTS, METADATA_LIMITS } =
  await import('@/lib/stripe/limits')

beforeAll(fx.start)
afterAll(fx.close)

/** The committed catalog and ten more priced plans: 12 products, 24 lookup keys. */
const bigCatalog: Plan[] = [
  ...PLANS,
  ...Array.from({ length: 10 }, (_, i) => ({
    key: `extra${i}`,
    name: `Extra ${i}`,
    description: `Extra plan ${i}.`,
    features: ['projects'] as const,
    limits: { projects: 5, seats: 5 },
    perSeat: true,
    highlights: [],
    trialDays: 0,
    prices: [
      { lookupKey: `extra${i}_monthly`, amount: 1000 + i, currency: 'usd', interval: 'month' as const },
      { lookupKey: `extra${i}_yearly`, amount: 10_000 + i, currency: 'usd', interval: 'year' as const },
    ],
  })),
]
const keysOf = (plans: readonly Plan[]) => plans.flatMap((plan) => plan.prices.map((price) => price.lookupKey))
const pricesLists = (since = 0) => double.requests.slice(since).filter((r) => r.method === 'GET' && r.path === '/v1/prices' && r.params.lookup_keys !== undefined)
const lookupKeysOf = (params: Record<string, unknown>) => params.lookup_keys as string[]
const portalOffer = () => [...double.portalConfigurations.values()][0]!.features.subscription_update

describe('a catalog past Stripe’s list sizes', () => {
  it('12 plans sync in full, each prices list asking for at most 10 lookup keys, and a second sync changes nothing', async () => {
    expect(keysOf(bigCatalog).length).toBeGreaterThan(2 * MAX_LOOKUP_KEYS_PER_LIST)
    const before = double.requests.length
    await syncCatalog(stripe, bigCatalog)

    for (const key of keysOf(bigCatalog)) expect(await db.price.findUnique({ where: { lookupKey: key } }), key).toMatchObject({ active: true })
    const lists = pricesLists(before)
    expect(lists.length).toBeGreaterThan(0)
    expect(Math.max(...lists.map((r) => lookupKeysOf(r.params).length))).toBeLessThanOrEqual(MAX_LOOKUP_KEYS_PER_LIST)
    expect(lists.every((r) => r.status === 200)).toBe(true)
    // Who holds each key, then the portal's current prices: ⌈24 / 10⌉ = 3 lists each, not one per price.
    expect(lists).toHaveLength(6)

    const writes = double.requests.filter((r) => r.method === 'POST').length
    expect(await syncCatalog(stripe, bigCatalog)).toEqual([])
    expect(double.requests.filter((r) => r.method === 'POST').length).toBe(writes)
  })

  it('the portal offers no plan changes past 10 products, rather than an arbitrary ten, and offers them again under', async () => {
    expect(portalOffer()).toMatchObject({ enabled: false })
    expect(portalOffer().products ?? []).toEqual([])
    const portalWrites = double.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/billing_portal/configurations'))
    for (const write of portalWrites) {
      const update = (write.params.features as { subscription_update?: { products?: unknown } }).subscription_update
      expect(Array.isArray(update?.products) ? update.products.length : 0).toBeLessThanOrEqual(MAX_PORTAL_UPDATE_PRODUCTS)
    }

    const changes = await syncCatalog(stripe, PLANS) // the extra plans dropped: archived, and the portal lists the rest
    expect(changes.filter((c) => c.kind === 'portal').map((c) => c.action)).toEqual(['updated'])
    expect(portalOffer()).toMatchObject({ enabled: true })
    expect((portalOffer().products ?? []).map((p) => p.product).sort()).toEqual(['tollgate_pro', 'tollgate_team'])
  })
})

describe('a field filled from what a person typed', () => {
  it('an organization named past 150 characters checks out; Stripe gets the first 150, the app keeps the whole name', async () => {
    // A personal organization is named after its owner's address, which sign-in accepts up to 320 characters.
    const email = `${'a'.repeat(280)}@example.com`
    const { organization, customerId } = await fx.subscriber(email)
    expect(organization.name.length).toBeGreaterThan(MAX_CUSTOMER_NAME)
    const created = double.requests.filter((r) => r.method === 'POST' && r.path === '/v1/customers').at(-1)!
    expect(created.status).toBe(200)
    expect(created.params.name).toBe(email.slice(0, MAX_CUSTOMER_NAME))
    expect(double.customers.get(customerId)).toMatchObject({ name: email.slice(0, MAX_CUSTOMER_NAME), email })
    expect((await db.organization.findUniqueOrThrow({ where: { id: organization.id } })).name).toBe(email)

    // The plan-change preview asks for the lookup keys it needs: the plan's price, then its metered prices.
    const before = double.requests.length
    expect(await fx.billing.previewPlanChange({ lookupKey: 'team_monthly' })).toMatchObject({ ok: true })
    expect(pricesLists(before).map((r) => lookupKeysOf(r.params))).toEqual([['team_monthly'], ['team_api_calls_monthly']])
  })

  it('a name is cut without splitting a character made of two UTF-16 units', () => {
    expect(clampText('abc', 3)).toBe('abc')
    expect(clampText('abcd', 3)).toBe('abc')
    expect(clampText('ab😀', 3)).toBe('ab') // the emoji is two units: kept whole or dropped
    expect(clampText('a😀b', 3)).toBe('a😀')
  })
})

describe('metadata the app writes', () => {
  it('is checked against Stripe’s 50 keys, 40-character keys without brackets and 500-character values', () => {
    expect(stripeMetadata({ organizationId: 'org_1' })).toEqual({ organizationId: 'org_1' })
    const pairs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']))
    expect(() => stripeMetadata(pairs(METADATA_LIMITS.pairs))).not.toThrow()
    expect(() => stripeMetadata(pairs(METADATA_LIMITS.pairs + 1))).toThrow(/at most 50 keys/)
    expect(() => stripeMetadata({ ['k'.repeat(METADATA_LIMITS.keyLength + 1)]: 'v' })).toThrow(/1–40 characters/)
    expect(() => stripeMetadata({ 'items[0]': 'v' })).toThrow(/square brackets/)
    expect(() => stripeMetadata({ k: 'v'.repeat(METADATA_LIMITS.valueLength + 1) })).toThrow(/over 500/)
  })

  it('groups a list into Stripe-sized chunks, in order', () => {
    expect(inChunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
    expect(inChunks([], 10)).toEqual([])
    expect(() => inChunks([1], 0)).toThrow()
  })
})

describe('every request this file sent', () => {
  it('stays inside the documented list, metadata and name sizes', () => {
    const violations: string[] = []
    for (const r of double.requests) {
      const where = `${r.method} ${r.path}`
      if (Array.isArray(r.params.lookup_keys) && r.params.lookup_keys.length > MAX_LOOKUP_KEYS_PER_LIST) violations.push(`${where}: ${r.params.lookup_keys.length} lookup_keys`)
      if (Array.isArray(r.params.types) && r.params.types.length > MAX_EVENT_TYPES_PER_LIST) violations.push(`${where}: ${r.params.types.length} types`)
      for (const path of Array.isArray(r.params.expand) ? (r.params.expand as string[]) : []) {
        if (path.split('.').length > MAX_EXPAND_DEPTH) violations.push(`${where}: expand ${path}`)
      }
      if (r.params.type !== undefined && r.params.types !== undefined) violations.push(`${where}: type and types`)
      if (typeof r.params.name === 'string' && r.path.startsWith('/v1/customers') && r.params.name.length > MAX_CUSTOMER_NAME) violations.push(`${where}: name of ${r.params.name.length}`)
      for (const metadata of [r.params.metadata, (r.params.subscription_data as { metadata?: unknown } | undefined)?.metadata]) {
        if (!metadata || typeof metadata !== 'object') continue
        try {
          stripeMetadata(metadata as Record<string, string>)
        } catch (error) {
          violations.push(`${where}: ${(error as Error).message}`)
        }
      }
    }
    expect(violations).toEqual([])
    expect(double.requests.length).toBeGreaterThan(50)
  })
})
