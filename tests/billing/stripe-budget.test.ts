import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const { db } = await import('@/lib/db')
const { checkout, manageBilling } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { ensureStripeCustomer } = await import('@/lib/billing/customers')
const { STRIPE_WORK_BUDGET, STRIPE_BUDGET_SPENT, confirmCheckoutWithinBudget } = await import('@/lib/billing/stripe-budget')
const { requireStripe } = await import('@/lib/stripe/client')
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
})
afterAll(() => double.close())
afterEach(() => vi.useRealTimers())

/** Puts the clock at the start of a budget window, so a test's requests cannot straddle two windows. */
function atStartOfWindow(offsetWindows: number) {
  const start = Math.ceil(Date.now() / STRIPE_WORK_BUDGET.windowMs + offsetWindows) * STRIPE_WORK_BUDGET.windowMs
  vi.useFakeTimers({ toFake: ['Date'], now: start })
}

const stripeRequestsSince = (mark: number) => double.requests.slice(mark).filter((r) => r.path.startsWith('/v1/'))

describe('the per-user Stripe budget', () => {
  it('200 concurrent portal requests from one user reach Stripe at most the budget, the rest get a clear message', async () => {
    atStartOfWindow(1)
    const user = await signInAs(db, 'hammer@example.com')
    await ensureStripeCustomer(stripe, (await personalOrganizationOf(db, user)).id, user)
    const mark = double.requests.length

    const results = await Promise.all(Array.from({ length: 200 }, () => manageBilling({}).catch((error: unknown) => error)))

    const refused = results.filter((r) => typeof r === 'object' && r !== null && 'ok' in r && r.ok === false)
    expect(refused).toHaveLength(200 - STRIPE_WORK_BUDGET.limit)
    expect(refused[0]).toEqual({ ok: false, error: { code: 'rate_limited', message: STRIPE_BUDGET_SPENT } })
    const portalSessions = stripeRequestsSince(mark).filter((r) => r.path === '/v1/billing_portal/sessions')
    expect(portalSessions).toHaveLength(STRIPE_WORK_BUDGET.limit)
    // Each admitted request also looks up the portal configuration (decision 0008); nothing else reaches Stripe.
    const lookups = stripeRequestsSince(mark).filter((r) => r.path === '/v1/billing_portal/configurations')
    expect(lookups).toHaveLength(STRIPE_WORK_BUDGET.limit)
    expect(stripeRequestsSince(mark).length).toBe(portalSessions.length + lookups.length)
  })

  it('checkout and the success page share it, and the success page says it will check again instead of calling Stripe', async () => {
    atStartOfWindow(3)
    const user = await signInAs(db, 'shared-budget@example.com')
    const url = await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
    const sessionId = url.split('/').pop()!
    await double.completeCheckout(sessionId)
    for (let i = 1; i < STRIPE_WORK_BUDGET.limit - 1; i++) await redirectOf(() => manageBilling({}))

    // The last unit of the window: the success page still confirms.
    expect((await confirmCheckoutWithinBudget(stripe, user.id, (await personalOrganizationOf(db, user)).id, sessionId)).kind).toBe('complete')
    const mark = double.requests.length
    expect(await confirmCheckoutWithinBudget(stripe, user.id, (await personalOrganizationOf(db, user)).id, sessionId)).toEqual({ kind: 'busy' })
    expect(await checkout({ lookupKey: 'pro_monthly' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } })
    expect(double.requests.length).toBe(mark)

    // The next window, the budget is back.
    atStartOfWindow(4)
    expect((await confirmCheckoutWithinBudget(stripe, user.id, (await personalOrganizationOf(db, user)).id, sessionId)).kind).toBe('complete')
  })

  it('one user spending their budget leaves another user’s intact', async () => {
    atStartOfWindow(6)
    const greedy = await signInAs(db, 'greedy@example.com')
    await ensureStripeCustomer(stripe, (await personalOrganizationOf(db, greedy)).id, greedy)
    for (let i = 0; i < STRIPE_WORK_BUDGET.limit + 3; i++) await manageBilling({}).catch(() => undefined)

    const other = await signInAs(db, 'other@example.com')
    await ensureStripeCustomer(stripe, (await personalOrganizationOf(db, other)).id, other)
    const url = await redirectOf(() => manageBilling({}))
    expect(url.startsWith(double.url)).toBe(true)
  })
})
