import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSmtpCapture } from '../support/smtp-capture'
import { createWebhookPipeline } from '../support/webhook-pipeline'

vi.mock('next/headers', () => nextHeadersMock())
vi.mock('next/cache', async (original) => ({ ...(await original<typeof import('next/cache')>()), revalidatePath: () => undefined }))

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
const smtp = await startSmtpCapture()
process.env.INNGEST_DEV = inngest.url
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <billing@example.com>'

const { db } = await import('@/lib/db')
const { checkout } = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { requireStripe } = await import('@/lib/stripe/client')
const { reconcileCustomer } = await import('@/lib/webhooks/reconcile')
const org = await import('@/lib/organizations/actions')
const pipeline = await createWebhookPipeline(double, inngest)
const stripe = requireStripe()

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
  await settle()
})
afterAll(async () => {
  await Promise.all([double.close(), inngest.close(), smtp.close()])
})

async function settle() {
  for (let round = 0; round < 5; round++) {
    await pipeline.deliverNew()
    const runs = await pipeline.runQueued()
    for (const run of runs) if (run.error) throw new Error(`${run.event} failed: ${String(run.error)}`)
    if (runs.length === 0) return
  }
}

/** An owner whose personal organization subscribes to `lookupKey`; `returning`: no trial (a past subscription). */
async function owner(email: string, { lookupKey = 'pro_monthly', returning = false } = {}) {
  const user = await signInAs(db, email)
  const organization = await personalOrganizationOf(db, user)
  if (returning) {
    await double.completeCheckout((await redirectOf(() => checkout({ lookupKey }))).split('/').pop()!)
    const first = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id)!
    await stripe.subscriptions.cancel(first.id)
  }
  await double.completeCheckout((await redirectOf(() => checkout({ lookupKey }))).split('/').pop()!)
  await settle()
  const subscription = [...double.subscriptions.values()].find((s) => s.metadata.organizationId === organization.id && s.status !== 'canceled')!
  return { user, organization, subscription }
}

/** The invitation link's secret, from the email the invitee received. */
function tokenMailedTo(email: string): string {
  const message = smtp.messages.filter((m) => m.to.includes(email)).at(-1)
  const token = message?.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)?.[1]
  if (!token) throw new Error(`no invitation email to ${email}`)
  return token
}

/** Signs in as `email` and accepts the invitation mailed to them. */
async function join(email: string) {
  const user = await signInAs(db, email)
  expect(await redirectOf(() => org.acceptInvite({ token: tokenMailedTo(email) }))).toBe('/settings/organization')
  return user
}

const quantityOf = (subscriptionId: string) => double.subscriptions.get(subscriptionId)!.items.data[0]!.quantity

describe('members and seats', () => {
  it('3 members → quantity 3 in Stripe, set by the Inngest function after each acceptance', async () => {
    const { organization, subscription } = await owner('seats-owner@example.com')
    expect(quantityOf(subscription.id)).toBe(1)
    expect(await org.invite({ email: 'seat-two@example.com', role: 'member' })).toEqual({ ok: true, data: undefined })
    expect(await org.invite({ email: 'Seat-Three@Example.com', role: 'admin' })).toEqual({ ok: true, data: undefined })
    expect(smtp.messages.at(-1)!.text).toContain('invited you to join')

    await join('seat-two@example.com')
    await settle()
    expect(quantityOf(subscription.id)).toBe(2)
    await join('seat-three@example.com')
    await settle()

    expect(quantityOf(subscription.id)).toBe(3)
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ organizationId: organization.id, quantity: 3 })
    const updates = double.requests.filter((r) => r.method === 'POST' && r.path === `/v1/subscriptions/${subscription.id}`)
    expect(updates.map((u) => u.params)).toEqual([
      { items: [{ id: subscription.items.data[0]!.id, quantity: '2' }], proration_behavior: 'none' },
      { items: [{ id: subscription.items.data[0]!.id, quantity: '3' }], proration_behavior: 'none' },
    ])
    expect(updates.every((u) => u.idempotencyKey?.startsWith(`tollgate:seats:${subscription.id}:v`))).toBe(true)
    expect(await db.membership.count({ where: { organizationId: organization.id } })).toBe(3)
  })

  it('refuses an invitation past the plan’s seat limit, naming the plan that allows more', async () => {
    await owner('full-owner@example.com')
    for (const email of ['full-2@example.com', 'full-3@example.com']) expect((await org.invite({ email, role: 'member' })).ok).toBe(true)
    expect(await org.invite({ email: 'full-4@example.com', role: 'member' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/The Pro plan allows 3 seats\. The Team plan allows up to 20\./) },
    })
  })

  it('on the Free plan, an invitation is refused with the plan to choose', async () => {
    await signInAs(db, 'free-owner@example.com')
    const result = await org.invite({ email: 'free-friend@example.com', role: 'member' })
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('The Free plan allows 1 seat. The Pro plan allows up to 3.') } })
    expect(await db.invitation.count({ where: { email: 'free-friend@example.com' } })).toBe(0)
  })

  it('of 6 invitations sent at once with 2 seats left, exactly 2 succeed', async () => {
    const { organization } = await owner('race-owner@example.com')
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => org.invite({ email: `racer-${i}@example.com`, role: 'member' })))
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'conflict')).toBe(true)
    expect(await db.invitation.count({ where: { organizationId: organization.id } })).toBe(2)
    expect((await db.organization.findUniqueOrThrow({ where: { id: organization.id } })).seatsTaken).toBe(3)
  })

  it('a revoked invitation cannot be accepted, and its seat is free again', async () => {
    const { organization } = await owner('revoke-owner@example.com')
    await org.invite({ email: 'revoked@example.com', role: 'member' })
    const token = tokenMailedTo('revoked@example.com')
    const invitation = await db.invitation.findFirstOrThrow({ where: { organizationId: organization.id, email: 'revoked@example.com' } })
    expect(await org.revokeInvite({ invitationId: invitation.id })).toEqual({ ok: true, data: undefined })
    expect((await db.organization.findUniqueOrThrow({ where: { id: organization.id } })).seatsTaken).toBe(1)

    await signInAs(db, 'revoked@example.com')
    expect(await org.acceptInvite({ token })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This invitation is no longer valid. Ask for a new one.' } })
    expect(await db.membership.count({ where: { organizationId: organization.id } })).toBe(1)
  })

  it('an expired invitation cannot be accepted, and stops holding its seat', async () => {
    const { organization } = await owner('expire-owner@example.com')
    await org.invite({ email: 'late-1@example.com', role: 'member' })
    await org.invite({ email: 'late-2@example.com', role: 'member' })
    await db.invitation.updateMany({ where: { organizationId: organization.id, email: 'late-1@example.com' }, data: { expiresAt: new Date(Date.now() - 1000) } })
    // The expired one's seat comes back: a third invitation fits the Pro limit of 3.
    expect((await org.invite({ email: 'late-3@example.com', role: 'member' })).ok).toBe(true)

    await signInAs(db, 'late-1@example.com')
    expect(await org.acceptInvite({ token: tokenMailedTo('late-1@example.com') })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'This invitation has expired. Ask for a new one.' } })
  })

  it('an invitation is accepted only by the address it was sent to', async () => {
    await owner('addr-owner@example.com')
    await org.invite({ email: 'intended@example.com', role: 'member' })
    await signInAs(db, 'someone-else@example.com')
    expect(await org.acceptInvite({ token: tokenMailedTo('intended@example.com') })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'This invitation is for intended@example.com. Sign in with that address to accept it.' },
    })
  })

  it('a removal lowers the quantity without a credit (proration none); an addition mid-period is invoiced at once', async () => {
    const { user, organization, subscription } = await owner('policy-owner@example.com', { returning: true })
    expect(subscription.status).toBe('active')
    await org.invite({ email: 'policy-2@example.com', role: 'member' })
    const invoicesBefore = [...double.invoices.values()].filter((i) => i.customer === subscription.customer).length
    await join('policy-2@example.com')
    await settle()
    expect(quantityOf(subscription.id)).toBe(2)
    const invoices = [...double.invoices.values()].filter((i) => i.customer === subscription.customer)
    expect(invoices).toHaveLength(invoicesBefore + 1)
    expect(invoices.at(-1)).toMatchObject({ billing_reason: 'subscription_update' })
    expect(invoices.at(-1)!.amount_due).toBeGreaterThan(0)
    expect(invoices.at(-1)!.amount_due).toBeLessThanOrEqual(1900)

    await signInAs(db, user.email!)
    const member = await db.membership.findFirstOrThrow({ where: { organizationId: organization.id, role: 'member' } })
    expect(await org.removeFromOrganization({ membershipId: member.id })).toEqual({ ok: true, data: undefined })
    await settle()
    expect(quantityOf(subscription.id)).toBe(1)
    const removal = double.requests.filter((r) => r.method === 'POST' && r.path === `/v1/subscriptions/${subscription.id}`).at(-1)!
    expect(removal.params).toMatchObject({ proration_behavior: 'none' })
    expect([...double.invoices.values()].filter((i) => i.customer === subscription.customer)).toHaveLength(invoicesBefore + 1)
  })

  it('a quantity changed in Stripe directly is set back, by the webhook and by reconciliation, which reports the drift', async () => {
    const { subscription } = await owner('drift-owner@example.com')
    const item = subscription.items.data[0]!
    // Changed behind the app's back, its webhook not delivered: reconciliation finds and repairs it.
    await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 7 }], proration_behavior: 'none' })
    const drift = await reconcileCustomer(stripe, subscription.customer as string)
    expect(drift).toContainEqual({ subscriptionId: subscription.id, field: 'stripeQuantityVsMembers', was: 7, now: 1 })
    expect(quantityOf(subscription.id)).toBe(1)
    // Changed again, the webhook delivered this time: the subscription.updated handler sets it back.
    await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 5 }], proration_behavior: 'none' })
    await settle()
    expect(quantityOf(subscription.id)).toBe(1)
    expect((await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).quantity).toBe(1)
  })

  it('an organization always keeps an owner; a member can leave', async () => {
    const { user, organization } = await owner('keeper@example.com')
    const own = await db.membership.findFirstOrThrow({ where: { organizationId: organization.id, userId: user.id } })
    expect(await org.changeMemberRole({ membershipId: own.id, role: 'member' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('always keeps an owner') } })
    expect(await org.removeFromOrganization({ membershipId: own.id })).toMatchObject({ ok: false, error: { code: 'conflict' } })

    await org.invite({ email: 'leaver@example.com', role: 'member' })
    const leaver = await join('leaver@example.com')
    expect(await redirectOf(() => org.leaveActiveOrganization({}))).toBe('/dashboard')
    expect(await db.membership.count({ where: { organizationId: organization.id, userId: leaver.id } })).toBe(0)
    expect((await db.organization.findUniqueOrThrow({ where: { id: organization.id } })).seatsTaken).toBe(1)
  })
})
