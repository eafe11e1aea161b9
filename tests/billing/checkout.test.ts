import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs, signOutOfRequest } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const { db } = await import('@/lib/db')
const { checkout, manageBilling } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { confirmCheckout } = await import('@/lib/billing/confirm-checkout')
const { requireStripe } = await import('@/lib/stripe/client')

const stripe = requireStripe()
const checkoutFor = (lookupKey: string) => redirectOf(() => checkout({ lookupKey }))
const sessionIdIn = (url: string) => url.split('/').pop()!
const organizationIdOf = async (user: { id: string }) => (await personalOrganizationOf(db, user)).id

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
})
afterAll(() => double.close())
beforeEach(signOutOfRequest)

describe('checkout', () => {
  it('refuses a visitor without calling Stripe', async () => {
    const before = double.requests.length
    expect(await checkout({ lookupKey: 'pro_monthly' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    expect(double.requests.length).toBe(before)
  })

  it('refuses a lookup key the catalog does not know, without calling Stripe', async () => {
    await signInAs(db, 'unknown-key@example.com')
    const before = double.requests.length
    expect(await checkout({ lookupKey: 'pro_lifetime' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(double.requests.length).toBe(before)
  })

  it('opens a subscription checkout for the user, with the trial, promotion codes and URLs from APP_URL', async () => {
    const user = await signInAs(db, 'first@example.com')
    const url = await checkoutFor('pro_monthly')
    const session = double.checkoutSessions.get(sessionIdIn(url))!
    const organization = await personalOrganizationOf(db, user)

    expect(url).toBe(session.url)
    expect(session).toMatchObject({
      mode: 'subscription',
      customer: organization.stripeCustomerId,
      client_reference_id: organization.id,
      metadata: { organizationId: organization.id, userId: user.id, lookupKey: 'pro_monthly' },
      allow_promotion_codes: true,
      success_url: 'http://localhost:3000/billing/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost:3000/pricing',
    })
    const create = double.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!
    expect(create.params).toMatchObject({ subscription_data: { trial_period_days: '14', metadata: { organizationId: organization.id } } })
    // One member, one seat; then Pro's metered price (API calls), which carries no quantity.
    const metered = (await stripe.prices.list({ lookup_keys: ['pro_api_calls_monthly'] })).data[0]!
    expect(create.params.line_items).toEqual([expect.objectContaining({ quantity: '1' }), { price: metered.id }])
    expect(create.idempotencyKey).toMatch(/^tollgate:checkout:/)
  })

  it('two concurrent checkouts create one Stripe customer', async () => {
    const user = await signInAs(db, 'racer@example.com')
    const customersBefore = double.customers.size
    const requestsBefore = double.requests.length
    const urls = await Promise.all([checkoutFor('pro_monthly'), checkoutFor('team_yearly')])
    expect(urls.every((u) => u.includes('/checkout/'))).toBe(true)
    expect(double.customers.size).toBe(customersBefore + 1)
    // Whether the second checkout asked Stripe too depends on timing; if it did, it sent the same key.
    const creates = double.requests.slice(requestsBefore).filter((r) => r.path === '/v1/customers' && r.method === 'POST')
    expect(creates.length).toBeGreaterThanOrEqual(1)
    const organization = await personalOrganizationOf(db, user)
    expect(creates.every((r) => r.idempotencyKey === `tollgate:customer:${organization.id}:a0`)).toBe(true)
    expect(double.customers.has(organization.stripeCustomerId!)).toBe(true)
    // Two tabs racing: each expires only the other's older session, so exactly one stays payable.
    const open = [...double.checkoutSessions.values()].filter((s) => s.client_reference_id === organization.id && s.status === 'open')
    expect(open).toHaveLength(1)
    expect(await db.checkoutSession.count({ where: { organizationId: await organizationIdOf(user), status: 'open' } })).toBe(1)
  })

  it('sends a user with a live subscription to manage it instead of opening a second one', async () => {
    await signInAs(db, 'subscriber@example.com')
    await double.completeCheckout(sessionIdIn(await checkoutFor('pro_monthly')))
    const sessionsBefore = double.checkoutSessions.size

    const url = await checkoutFor('team_monthly')
    expect(url).toContain('/portal/')
    expect(double.checkoutSessions.size).toBe(sessionsBefore)
  })

  it('gives the trial only on a first subscription', async () => {
    const user = await signInAs(db, 'returning@example.com')
    const organization = await personalOrganizationOf(db, user)
    await double.completeCheckout(sessionIdIn(await checkoutFor('pro_monthly')))
    const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    await stripe.subscriptions.cancel(subscription.id)

    const url = await checkoutFor('pro_monthly')
    expect(url).toContain('/checkout/')
    const create = double.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!
    expect(create.params).toMatchObject({ client_reference_id: organization.id })
    expect(create.params).not.toHaveProperty('subscription_data.trial_period_days')
  })
})

describe('the customer portal', () => {
  it('opens for the user’s own customer, whatever the request says, returning to /billing', async () => {
    const victim = await signInAs(db, 'victim@example.com')
    await checkoutFor('pro_monthly')
    const victimCustomer = (await personalOrganizationOf(db, victim)).stripeCustomerId

    const user = await signInAs(db, 'portal@example.com')
    await checkoutFor('pro_monthly')
    const own = (await personalOrganizationOf(db, user)).stripeCustomerId
    const form = new FormData()
    form.set('customer', victimCustomer!)
    form.set('customerId', victimCustomer!)
    const url = await redirectOf(() => manageBilling(form))

    const portal = double.requests.filter((r) => r.path === '/v1/billing_portal/sessions').at(-1)!
    expect(url).toContain('/portal/')
    const [configuration] = [...double.portalConfigurations.values()]
    expect(portal.params).toEqual({ customer: own, configuration: configuration!.id, return_url: 'http://localhost:3000/billing' })
  })

  it('explains that a user without a billing account has nothing to manage', async () => {
    await signInAs(db, 'nobody@example.com')
    expect(await manageBilling({})).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})

describe('the success page', () => {
  it('syncs the user’s own completed checkout at once and shows the plan', async () => {
    const user = await signInAs(db, 'paid@example.com')
    const sessionId = sessionIdIn(await checkoutFor('team_monthly'))
    await double.completeCheckout(sessionId)
    expect(await db.subscription.count({ where: { organizationId: await organizationIdOf(user) } })).toBe(0) // no webhook has run

    const result = await confirmCheckout(stripe, await organizationIdOf(user), sessionId)
    expect(result).toMatchObject({ kind: 'complete', entitlements: { plan: { key: 'team' } } })
    expect(await db.subscription.findFirst({ where: { organizationId: await organizationIdOf(user) } })).toMatchObject({ status: 'trialing', priceLookupKey: 'team_monthly' })
  })

  it('grants nothing for someone else’s session, or a made-up one', async () => {
    await signInAs(db, 'owner@example.com')
    const sessionId = sessionIdIn(await checkoutFor('pro_monthly'))
    await double.completeCheckout(sessionId)

    const thief = await signInAs(db, 'thief@example.com')
    expect(await confirmCheckout(stripe, await organizationIdOf(thief), sessionId)).toEqual({ kind: 'not_found' })
    expect(await confirmCheckout(stripe, await organizationIdOf(thief), 'cs_test_doesnotexist')).toEqual({ kind: 'not_found' })
    expect(await confirmCheckout(stripe, await organizationIdOf(thief), '../../v1/customers')).toEqual({ kind: 'not_found' })
    expect(await db.subscription.count({ where: { organizationId: await organizationIdOf(thief) } })).toBe(0)
  })

  it('shows a bank payment that has not settled as pending, granting nothing yet', async () => {
    const user = await signInAs(db, 'slowbank@example.com')
    const organization = await personalOrganizationOf(db, user)
    // A returning customer (no trial this time) pays by bank debit: Checkout completes, the money is still on its way.
    await double.completeCheckout(sessionIdIn(await checkoutFor('pro_monthly')))
    const first = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    await stripe.subscriptions.cancel(first.id)
    const sessionId = sessionIdIn(await checkoutFor('pro_monthly'))
    await double.completeCheckout(sessionId, { payment: 'delayed' })
    const result = await confirmCheckout(stripe, await organizationIdOf(user), sessionId)
    expect(result.kind).toBe('pending')
    if (result.kind === 'pending') {
      expect(result.entitlements.standing).toBe('payment_processing')
      expect(result.entitlements.features.has('reports')).toBe(false)
    }
  })

  it('keeps a declined card on Stripe’s page: the session stays open and nothing is granted', async () => {
    const user = await signInAs(db, 'declined@example.com')
    const sessionId = sessionIdIn(await checkoutFor('pro_monthly'))
    const response = await fetch(`${double.url}/checkout/${sessionId}/pay?outcome=decline`, { method: 'POST', redirect: 'manual' })
    expect(response.status).toBe(402)
    expect(await confirmCheckout(stripe, await organizationIdOf(user), sessionId)).toEqual({ kind: 'open' })
    expect(await db.subscription.count({ where: { organizationId: await organizationIdOf(user) } })).toBe(0)
    expect((await stripe.checkout.sessions.retrieve(sessionId)).status).toBe('open')
  })
})
