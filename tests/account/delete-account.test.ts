import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, request, signInAs } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())

const double = await startBillingFixture()
const { db } = await import('@/lib/db')
const { deleteMyAccount } = await import('@/lib/account/actions')
const { checkout } = await import('@/lib/billing/actions')
const { confirmCheckout } = await import('@/lib/billing/confirm-checkout')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { default: SettingsPage } = await import('@/app/settings/page')
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
})
afterAll(() => double.close())

/** A signed-in subscriber: Checkout paid in the double, synced, its events in the ledger, an email on record. */
async function subscriber(email: string) {
  const user = await signInAs(db, email)
  const sessionId = (await redirectOf(() => checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!
  const session = await double.completeCheckout(sessionId)
  const organization = await personalOrganizationOf(db, user)
  await confirmCheckout(stripe, organization.id, sessionId)
  const subscriptionId = String(session.subscription)
  const account = await db.organization.findUniqueOrThrow({ where: { id: organization.id } })
  for (const event of double.events.filter((e) => JSON.stringify(e).includes(user.id))) {
    await db.stripeEvent.create({
      data: { id: event.id, type: event.type, customerId: account.stripeCustomerId, livemode: false, status: 'processed', payload: JSON.stringify(event), stripeCreatedAt: new Date(event.created * 1000) },
    })
  }
  await db.sentEmail.create({ data: { id: `trial-ending:evt_${user.id}`, to: email } })
  await db.verificationToken.create({ data: { identifier: email, token: `unused-${user.id}`, expires: new Date(Date.now() + 3_600_000) } })
  return { user, organization, customerId: account.stripeCustomerId!, subscriptionId }
}

const cancellationsOf = (subscriptionId: string) => double.requests.filter((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${subscriptionId}`)

async function rowsOf(userId: string, email: string) {
  return {
    user: await db.user.count({ where: { id: userId } }),
    sessions: await db.session.count({ where: { userId } }),
    subscriptions: await db.subscription.count({ where: { organization: { personalOwnerId: userId } } }),
    organizations: await db.organization.count({ where: { personalOwnerId: userId } }),
    tokens: await db.verificationToken.count({ where: { identifier: email } }),
    sentEmails: await db.sentEmail.count({ where: { to: email } }),
  }
}

describe('account deletion', () => {
  it('cancels the live subscription in Stripe first, then the account and its rows go; the ledger keeps its events without the user id', async () => {
    const { user, customerId, subscriptionId } = await subscriber('leaving@example.com')
    expect(double.subscriptions.get(subscriptionId)!.status).toBe('trialing')
    const ledgerBefore = await db.stripeEvent.count({ where: { customerId } })
    expect(ledgerBefore).toBeGreaterThan(0)

    expect(await redirectOf(() => deleteMyAccount({ confirmEmail: 'Leaving@Example.com ' }))).toBe('/account-deleted')

    expect(double.subscriptions.get(subscriptionId)!.status).toBe('canceled')
    expect(cancellationsOf(subscriptionId)).toHaveLength(1)
    expect(cancellationsOf(subscriptionId)[0]!.params).toMatchObject({ prorate: 'false', invoice_now: 'false' })
    // The customer stays in Stripe (its invoices and payments), no longer pointing at the user.
    const customer = double.customers.get(customerId)!
    expect(customer.metadata).toEqual({ tollgateAccountDeleted: 'true' })
    expect(await rowsOf(user.id, 'leaving@example.com')).toEqual({ user: 0, sessions: 0, subscriptions: 0, organizations: 0, tokens: 0, sentEmails: 0 })
    const ledger = await db.stripeEvent.findMany({ where: { customerId } })
    expect(ledger).toHaveLength(ledgerBefore)
    expect(ledger.some((e) => e.payload.includes(user.id))).toBe(false)
    expect(ledger.some((e) => e.payload.includes('"userId":"deleted-user"'))).toBe(true)
    expect(request.cookies.has('next-auth.session-token')).toBe(false)
  })

  it('without the typed confirmation deletes nothing and asks Stripe nothing', async () => {
    const { user, subscriptionId } = await subscriber('unsure@example.com')
    const before = double.requests.length
    expect(await deleteMyAccount({ confirmEmail: 'someone-else@example.com' })).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'Type your email address exactly as shown to confirm.' },
    })
    expect(double.requests.length).toBe(before)
    expect(double.subscriptions.get(subscriptionId)!.status).toBe('trialing')
    expect(await rowsOf(user.id, 'unsure@example.com')).toMatchObject({ user: 1, sessions: 1, subscriptions: 1 })
  })

  it('when Stripe fails half-way (subscription canceled, customer not updated) nothing is deleted, and the retry finishes without canceling twice', async () => {
    const { user, customerId, subscriptionId } = await subscriber('halfway@example.com')
    // The SDK retries a 500 twice: fail all three attempts.
    double.failNext({ method: 'POST', path: `/v1/customers/${customerId}` }, { status: 500, times: 3 })

    const failed = await deleteMyAccount({ confirmEmail: 'halfway@example.com' })
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('nothing was deleted') } })
    expect(double.subscriptions.get(subscriptionId)!.status).toBe('canceled')
    expect(await rowsOf(user.id, 'halfway@example.com')).toEqual({ user: 1, sessions: 1, subscriptions: 1, organizations: 1, tokens: 1, sentEmails: 1 })

    expect(await redirectOf(() => deleteMyAccount({ confirmEmail: 'halfway@example.com' }))).toBe('/account-deleted')
    expect(cancellationsOf(subscriptionId)).toHaveLength(1)
    expect(double.customers.get(customerId)!.metadata.userId).toBeUndefined()
    expect(await rowsOf(user.id, 'halfway@example.com')).toEqual({ user: 0, sessions: 0, subscriptions: 0, organizations: 0, tokens: 0, sentEmails: 0 })
  })

  it('when the cancellation itself fails, the subscription and the account both stay, and the retry cancels and deletes', async () => {
    const { user, subscriptionId } = await subscriber('retry@example.com')
    double.failNext({ method: 'DELETE', path: `/v1/subscriptions/${subscriptionId}` }, { status: 500, times: 3 })

    expect(await deleteMyAccount({ confirmEmail: 'retry@example.com' })).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(double.subscriptions.get(subscriptionId)!.status).toBe('trialing')
    expect(await rowsOf(user.id, 'retry@example.com')).toMatchObject({ user: 1, sessions: 1, subscriptions: 1 })

    expect(await redirectOf(() => deleteMyAccount({ confirmEmail: 'retry@example.com' }))).toBe('/account-deleted')
    expect(double.subscriptions.get(subscriptionId)!.status).toBe('canceled')
    expect(await rowsOf(user.id, 'retry@example.com')).toMatchObject({ user: 0, sessions: 0, subscriptions: 0 })
  })

  it('two deletions of the same account at once both end on the deleted page, and Stripe cancels once', async () => {
    const { user, subscriptionId } = await subscriber('twice@example.com')
    const outcomes = await Promise.all([0, 1].map(() => redirectOf(() => deleteMyAccount({ confirmEmail: 'twice@example.com' }))))
    expect(outcomes).toEqual(['/account-deleted', '/account-deleted'])
    expect(double.subscriptions.get(subscriptionId)!.status).toBe('canceled')
    expect(cancellationsOf(subscriptionId).filter((r) => r.status === 200)).toHaveLength(1)
    expect(await db.user.count({ where: { id: user.id } })).toBe(0)
  })

  it('a user who never subscribed is deleted without asking Stripe anything', async () => {
    const user = await signInAs(db, 'browser-only@example.com')
    const before = double.requests.length
    expect(await redirectOf(() => deleteMyAccount({ confirmEmail: 'browser-only@example.com' }))).toBe('/account-deleted')
    expect(double.requests.length).toBe(before)
    expect(await db.user.count({ where: { id: user.id } })).toBe(0)
  })

  it('/settings says beforehand what goes and what stops it, whichever organization is active', async () => {
    const { user } = await subscriber('preview-owner@example.com')
    const team = await db.organization.create({ data: { name: 'Crew Ltd', memberships: { create: [{ userId: user.id, role: 'owner' }] } } })
    const crewmate = await db.user.create({ data: { email: 'crewmate@example.com' } })
    await db.membership.create({ data: { organizationId: team.id, userId: crewmate.id, role: 'member' } })
    await db.user.update({ where: { id: user.id }, data: { activeOrganizationId: team.id } })

    const text = renderToStaticMarkup(await SettingsPage()).replace(/<[^>]+>/g, '')
    expect(text).toContain('First make another member an owner of Crew Ltd, or remove its members')
    expect(text).toContain('The subscription of preview-owner@example.com, which only you belong to, is canceled at once.')
    expect(text).toContain('your account and its data are deleted, with preview-owner@example.com.')
  })

  it('a visitor cannot delete anything', async () => {
    request.cookies.clear()
    expect(await deleteMyAccount({ confirmEmail: 'leaving@example.com' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })
})
