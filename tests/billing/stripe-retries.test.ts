// Stripe saves the first answer to an idempotency key, a 500 after execution began included, and replays it for a
// day. These retries must still succeed, without a second customer.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const { db } = await import('@/lib/db')
const { checkout, manageBilling } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { withIdempotencyKey } = await import('@/lib/stripe/idempotency')
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
})
afterAll(() => double.close())

const requestsTo = (path: string, from: number) => double.requests.slice(from).filter((r) => r.method === 'POST' && r.path === path)
const customersOf = (organizationId: string) => [...double.customers.values()].filter((c) => c.metadata.organizationId === organizationId)

describe('a Stripe 500 after execution began, then retries', () => {
  it('customer creation: the replayed 500 fails the first checkout, the next one succeeds with the same single customer', async () => {
    const user = await signInAs(db, 'late-500@example.com')
    const organization = await personalOrganizationOf(db, user)
    const start = double.requests.length
    double.failNext({ method: 'POST', path: '/v1/customers' }, { afterExecution: true })

    const failed = await checkout({ lookupKey: 'pro_monthly' })
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal', message: 'Stripe could not complete that request. Please try again in a moment.' } })
    // Stripe did the work before failing, and replayed the saved 500 to the SDK's own retries of that key.
    expect(customersOf(organization.id)).toHaveLength(1)
    const firstAttempt = requestsTo('/v1/customers', start)
    expect(firstAttempt.map((r) => [r.idempotencyKey, r.status])).toEqual(Array(3).fill([`tollgate:customer:${organization.id}:a0`, 500]))

    const url = await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))
    expect(url).toContain('/checkout/')
    // The second attempt found the customer the first one made instead of creating another.
    expect(customersOf(organization.id)).toHaveLength(1)
    expect(requestsTo('/v1/customers', start)).toHaveLength(3)
    const account = await db.organization.findUniqueOrThrow({ where: { id: organization.id } })
    expect(account.stripeCustomerId).toBe(customersOf(organization.id)[0]!.id)
    expect(double.checkoutSessions.get(url.split('/').pop()!)?.customer).toBe(account.stripeCustomerId)
  })

  it('portal session: the next click uses the next attempt’s key and opens the portal', async () => {
    const user = await signInAs(db, 'portal-500@example.com')
    await redirectOf(() => checkout({ lookupKey: 'pro_monthly' })) // gives the user a Stripe customer
    // Portal keys are per minute; keep both clicks inside one so the second is the same scope's next attempt.
    const intoMinute = Date.now() % 60_000
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute))
    const start = double.requests.length
    double.failNext({ method: 'POST', path: '/v1/billing_portal/sessions' }, { afterExecution: true })

    expect(await manageBilling({})).toMatchObject({ ok: false, error: { code: 'internal' } })
    const url = await redirectOf(() => manageBilling({}))
    expect(url).toContain('/portal/')
    const keys = requestsTo('/v1/billing_portal/sessions', start).map((r) => [r.idempotencyKey?.replace(/:\d+:a/, ':<minute>:a'), r.status])
    const scope = `tollgate:portal:${(await personalOrganizationOf(db, user)).id}:${[...double.portalConfigurations.keys()][0]}:<minute>`
    expect(keys).toEqual([...Array(3).fill([`${scope}:a0`, 500]), [`${scope}:a1`, 200]])
  })
})

describe('withIdempotencyKey', () => {
  it('moves a scope on once when two callers fail on the same attempt, and the next call succeeds', async () => {
    const start = double.requests.length
    double.failNext({ method: 'POST', path: '/v1/customers' }, { times: 6 })
    const create = () => withIdempotencyKey('test:shared-failure', ({ key }) => stripe.customers.create({ email: 'shared@example.com' }, { idempotencyKey: key }))
    const results = await Promise.allSettled([create(), create()])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(await db.stripeIdempotencyAttempt.findUnique({ where: { scope: 'test:shared-failure' } })).toMatchObject({ attempt: 1 })

    await create()
    expect(requestsTo('/v1/customers', start).map((r) => r.idempotencyKey)).toEqual([...Array(6).fill('test:shared-failure:a0'), 'test:shared-failure:a1'])
  })

  it('a double-click while Stripe is still executing the first request shares its answer (409, then the replay)', async () => {
    const release = double.holdNext({ method: 'POST', path: '/v1/customers' })
    const create = () => withIdempotencyKey('test:double-click', ({ key }) => stripe.customers.create({ email: 'click@example.com' }, { idempotencyKey: key }))
    const first = create()
    await new Promise((resolve) => setTimeout(resolve, 50))
    const second = create()
    setTimeout(release, 100)
    const [a, b] = await Promise.all([first, second])
    expect(b.id).toBe(a.id)
    expect(double.requests.filter((r) => r.idempotencyKey === 'test:double-click:a0').map((r) => r.status)).toContain(409)
    expect(await db.stripeIdempotencyAttempt.findUnique({ where: { scope: 'test:double-click' } })).toBeNull()
  })

  it('refuses a key over 255 characters without calling Stripe', async () => {
    const before = double.requests.length
    const run = vi.fn(async () => 'never')
    await expect(withIdempotencyKey(`test:${'x'.repeat(250)}`, run)).rejects.toThrow(/over 255 characters/)
    expect(run).not.toHaveBeenCalled()
    expect(double.requests.length).toBe(before)
  })
})
