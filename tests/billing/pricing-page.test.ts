// /pricing rendered as Next renders it: the real page, its data through unstable_cache on Next's own incremental
// cache (tests/support/next-incremental-cache.ts), the catalog synced to the Stripe sandbox.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startBillingFixture } from '../support/billing-fixture'
import { installNextIncrementalCache } from '../support/next-incremental-cache'
import { renderPage } from '../support/render-page'
import { nextHeadersMock } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())
installNextIncrementalCache()
const double = await startBillingFixture()
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { default: PricingPage } = await import('@/app/pricing/page')

beforeAll(() => syncCatalog(requireStripe(), PLANS))
afterAll(() => double.close())

const render = async (interval?: string) => renderPage(await PricingPage({ searchParams: Promise.resolve({ interval }) }))

describe('/pricing', () => {
  it('shows every plan of the catalog with its monthly price, in the catalog’s order', async () => {
    const html = await render()
    const positions = PLANS.map((plan) => html.indexOf(`>${plan.name}<`))
    expect(positions.every((at) => at >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    for (const plan of PLANS) for (const price of plan.prices.filter((p) => p.interval === 'month')) expect(html).toContain(`$${price.amount / 100}`)
  })

  it('lays the plans out in as many columns as fit, not a fixed three', async () => {
    const html = await render('year')
    const grid = /<div (?=[^>]*data-plan-grid)[^>]*class="([^"]+)"/.exec(html)?.[1]
    expect(grid).toContain('grid-cols-[repeat(auto-fit,minmax(min(100%,15rem),1fr))]')
    expect(html.match(/<section aria-labelledby="plan-/g)).toHaveLength(PLANS.length)
  })
})
