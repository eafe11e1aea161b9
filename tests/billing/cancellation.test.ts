// Cancel at period end and "Keep my plan", from /billing's actions through the Stripe double and back through the
// webhook pipeline: the reason reaches Stripe, the database is right at once (eager sync) and stays right after
// the webhooks, a double click acts once, and nobody but an owner of the organization can do either.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { nextHeadersMock, signInAs, signOutOfRequest } from '../support/request-context'
import { redirectOf } from '../support/billing-fixture'
import { renderPage } from '../support/render-page'
import { startSubscriberFixture } from '../support/subscriber-fixture'

vi.mock('next/headers', () => nextHeadersMock())
vi.mock('next/cache', async (original) => ({ ...(await original<typeof import('next/cache')>()), revalidatePath: () => undefined }))

const fixture = await startSubscriberFixture()
const { double, db, billing, stripe, settle, subscriber } = fixture
const { default: BillingPage } = await import('@/app/billing/page')

beforeAll(fixture.start)
afterAll(fixture.close)

const rowOf = (id: string) => db.subscription.findUniqueOrThrow({ where: { id } })
const updatesOf = (id: string) => double.requests.filter((r) => r.method === 'POST' && r.path === `/v1/subscriptions/${id}`)
const billingHtml = async () => renderPage(await BillingPage())

describe('cancel at period end', () => {
  it('sends the reason and comment to Stripe, and the page shows the cancellation at once and after the webhooks', async () => {
    const { subscriptionId } = await subscriber('leaver@example.com')
    expect(await billingHtml()).toContain('Cancel subscription')

    expect(await redirectOf(() => billing.cancelSubscription({ subscriptionId, feedback: 'too_expensive', comment: '  Cheaper elsewhere.  ' }))).toBe('/billing')

    const [update] = updatesOf(subscriptionId)
    expect(update?.params).toEqual({ cancel_at_period_end: 'true', cancellation_details: { feedback: 'too_expensive', comment: 'Cheaper elsewhere.' } })
    expect(update?.idempotencyKey).toMatch(new RegExp(`^tollgate:cancel:${subscriptionId}:\\d+:a0$`))
    const inStripe = double.subscriptions.get(subscriptionId)!
    expect(inStripe).toMatchObject({ cancel_at_period_end: true, cancellation_details: { feedback: 'too_expensive', comment: 'Cheaper elsewhere.', reason: 'cancellation_requested' } })
    // Before any webhook: the action's own sync wrote it.
    expect(await rowOf(subscriptionId)).toMatchObject({ status: 'trialing', cancelAtPeriodEnd: true, cancelAt: new Date(inStripe.cancel_at! * 1000) })
    const html = await billingHtml()
    expect(html).toContain('Cancels on')
    expect(html).toContain('Keep my plan')
    expect(html).not.toContain('Cancel subscription')

    await settle()
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: true, status: 'trialing' })
  })

  it('a double click cancels once: two clicks at the same moment share one key, a later one changes nothing', async () => {
    const { subscriptionId } = await subscriber('double-click@example.com')
    const click = () => redirectOf(() => billing.cancelSubscription({ subscriptionId, feedback: 'unused' }))
    expect(await Promise.all([click(), click()])).toEqual(['/billing', '/billing'])
    expect(await click()).toBe('/billing')

    const updates = updatesOf(subscriptionId)
    expect(new Set(updates.map((u) => u.idempotencyKey)).size).toBe(1)
    expect(updates.length).toBeLessThanOrEqual(2) // the second concurrent click may reach Stripe, with the same key
    const executed = double.events.filter((e) => e.type === 'customer.subscription.updated' && (e.data.object as { id: string }).id === subscriptionId && e.data.previous_attributes && 'cancel_at_period_end' in e.data.previous_attributes)
    expect(executed).toHaveLength(1)
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: true })
  })

  it('refuses a reason Stripe does not know, in words, and writes nothing', async () => {
    const { subscriptionId } = await subscriber('no-reason@example.com')
    const before = double.requests.length
    // As a forged form would send it: the action reads FormData.
    const form = new FormData()
    form.set('subscriptionId', subscriptionId)
    form.set('feedback', 'bored')
    expect(await billing.cancelSubscription(form)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { feedback: ['Choose the reason that fits best.'] } },
    })
    expect(double.requests.length).toBe(before)
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: false })
  })
})

describe('keep my plan', () => {
  it('takes the cancellation back in Stripe and in the database, at once and after the webhooks', async () => {
    const { subscriptionId } = await subscriber('stayer@example.com')
    await redirectOf(() => billing.cancelSubscription({ subscriptionId, feedback: 'missing_features' }))
    await settle()

    expect(await redirectOf(() => billing.keepPlan({ subscriptionId }))).toBe('/billing')
    expect(updatesOf(subscriptionId).at(-1)?.params).toEqual({ cancel_at_period_end: 'false' })
    expect(double.subscriptions.get(subscriptionId)).toMatchObject({ cancel_at_period_end: false, cancel_at: null })
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: false, cancelAt: null })
    const html = await billingHtml()
    expect(html).toContain('Trial ends')
    expect(html).not.toContain('Cancels on')
    expect(html).toContain('Cancel subscription')
    await settle()
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: false, cancelAt: null })

    // Cancel again after keeping: a new state, a new key, and Stripe really cancels again.
    await redirectOf(() => billing.cancelSubscription({ subscriptionId, feedback: 'other' }))
    expect(double.subscriptions.get(subscriptionId)).toMatchObject({ cancel_at_period_end: true, cancellation_details: { feedback: 'other' } })
    const cancelKeys = updatesOf(subscriptionId).filter((u) => u.params.cancel_at_period_end === 'true').map((u) => u.idempotencyKey)
    expect(new Set(cancelKeys).size).toBe(2)
  })

  it('removes a cancellation the portal set as cancel_at (flexible billing mode) with an empty cancel_at', async () => {
    const { subscriptionId } = await subscriber('portal-leaver@example.com')
    const periodEnd = double.subscriptions.get(subscriptionId)!.items.data[0]!.current_period_end
    await stripe.subscriptions.update(subscriptionId, { cancel_at: periodEnd })
    await settle()
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: false, cancelAt: new Date(periodEnd * 1000) })

    await redirectOf(() => billing.keepPlan({ subscriptionId }))
    expect(updatesOf(subscriptionId).at(-1)?.params).toEqual({ cancel_at: '' })
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAt: null, cancelAtPeriodEnd: false })
  })

  it('with nothing scheduled, a second "Keep my plan" changes nothing and succeeds', async () => {
    const { subscriptionId } = await subscriber('keeper-twice@example.com')
    const before = updatesOf(subscriptionId).length
    expect(await redirectOf(() => billing.keepPlan({ subscriptionId }))).toBe('/billing')
    expect(updatesOf(subscriptionId).length).toBe(before)
  })

  it('"Resume subscription" for a paused subscription is still its own action, untouched', async () => {
    const { subscriptionId } = await subscriber('pauser@example.com')
    expect(await billing.resumeBilling({})).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This organization has no paused subscription to resume.' } })
    expect(await redirectOf(() => billing.keepPlan({ subscriptionId }))).toBe('/billing')
  })
})

describe('who may cancel or keep a plan', () => {
  const forbidden = { ok: false, error: { code: 'forbidden', message: 'Only owners and admins of this organization can see and change its billing.' } }

  it('a visitor is asked to sign in, and nothing reaches Stripe', async () => {
    const { subscriptionId } = await subscriber('owner-a@example.com')
    signOutOfRequest()
    const before = double.requests.length
    const unauthenticated = { ok: false, error: { code: 'unauthenticated', message: 'Sign in to continue.' } }
    expect(await billing.cancelSubscription({ subscriptionId, feedback: 'other' })).toMatchObject(unauthenticated)
    expect(await billing.keepPlan({ subscriptionId })).toMatchObject(unauthenticated)
    expect(double.requests.length).toBe(before)
  })

  it('a member without the billing role is refused, and nothing reaches Stripe', async () => {
    const { organization, subscriptionId } = await subscriber('owner-b@example.com')
    const member = await signInAs(db, 'member-b@example.com')
    await db.membership.create({ data: { organizationId: organization.id, userId: member.id, role: 'member' } })
    await db.user.update({ where: { id: member.id }, data: { activeOrganizationId: organization.id } })
    const before = double.requests.length
    expect(await billing.cancelSubscription({ subscriptionId, feedback: 'other' })).toMatchObject(forbidden)
    expect(await billing.keepPlan({ subscriptionId })).toMatchObject(forbidden)
    expect(double.requests.length).toBe(before)
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: false })
    // An admin manages billing with the owners (issue 14: plan changes by an owner or admin; decision 0022).
    const admin = await db.membership.findFirstOrThrow({ where: { organizationId: organization.id, userId: member.id } })
    await db.membership.update({ where: { id: admin.id }, data: { role: 'admin' } })
    expect(await redirectOf(() => billing.cancelSubscription({ subscriptionId, feedback: 'other' }))).toBe('/billing')
    expect(await rowOf(subscriptionId)).toMatchObject({ cancelAtPeriodEnd: true })
  })

  it('an owner of one organization cannot cancel another organization’s subscription by its id', async () => {
    const { subscriptionId: theirs } = await subscriber('owner-c@example.com')
    await subscriber('owner-d@example.com')
    const before = double.requests.length
    const notFound = { ok: false, error: { code: 'not_found', message: 'This organization has no such subscription.' } }
    expect(await billing.cancelSubscription({ subscriptionId: theirs, feedback: 'other' })).toMatchObject(notFound)
    expect(await billing.keepPlan({ subscriptionId: theirs })).toMatchObject(notFound)
    expect(double.requests.length).toBe(before)
    expect(await rowOf(theirs)).toMatchObject({ cancelAtPeriodEnd: false })
  })
})
