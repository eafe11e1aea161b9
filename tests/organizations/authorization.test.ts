import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { redirectOf, startBillingFixture } from '../support/billing-fixture'
import { startInngestStandIn } from '../support/inngest-stand-in'
import { personalOrganizationOf } from '../support/organizations'
import { nextHeadersMock, signInAs } from '../support/request-context'
import { startSmtpCapture } from '../support/smtp-capture'
import { renderPage } from '../support/render-page'

// A member of one organization can never read or act on another's: every organization action and the billing
// actions, called with another organization's ids, or with a role too small.
vi.mock('next/headers', () => nextHeadersMock())
vi.mock('next/cache', async (original) => ({ ...(await original<typeof import('next/cache')>()), revalidatePath: () => undefined }))

const double = await startBillingFixture()
const inngest = await startInngestStandIn()
const smtp = await startSmtpCapture()
process.env.INNGEST_DEV = inngest.url
process.env.EMAIL_SERVER = smtp.url
process.env.EMAIL_FROM = 'Tollgate <billing@example.com>'

const { db } = await import('@/lib/db')
const billing = await import('@/lib/billing/actions')
const { PLANS } = await import('@/lib/billing/catalog')
const { syncCatalog } = await import('@/lib/billing/sync-catalog')
const { confirmCheckout } = await import('@/lib/billing/confirm-checkout')
const { requireStripe } = await import('@/lib/stripe/client')
const { getActiveOrganization } = await import('@/lib/organizations/active-organization')
const { deleteMyAccount } = await import('@/lib/account/actions')
const org = await import('@/lib/organizations/actions')
const { default: BillingPage } = await import('@/app/billing/page')
const stripe = requireStripe()

const tokenMailedTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email)).at(-1)!.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)![1]!

let alice: { id: string; email: string | null }
let aliceOrg: { id: string }
let aliceSession: string
let aliceInvitation: string
let aliceMemberships: { id: string }[]
let bob: { id: string; email: string | null }
let bobOrg: { id: string }

beforeAll(async () => {
  await syncCatalog(stripe, PLANS)
  // Alice's organization subscribes to Pro, invites Bob as a member and Carol (pending).
  alice = await signInAs(db, 'alice@example.com')
  aliceOrg = await personalOrganizationOf(db, alice)
  aliceSession = (await redirectOf(() => billing.checkout({ lookupKey: 'pro_monthly' }))).split('/').pop()!
  await double.completeCheckout(aliceSession)
  await confirmCheckout(stripe, aliceOrg.id, aliceSession)
  expect((await org.invite({ email: 'bob@example.com', role: 'member' })).ok).toBe(true)
  expect((await org.invite({ email: 'carol@example.com', role: 'member' })).ok).toBe(true)
  aliceInvitation = (await db.invitation.findFirstOrThrow({ where: { organizationId: aliceOrg.id, email: 'carol@example.com' } })).id
  bob = await signInAs(db, 'bob@example.com')
  bobOrg = await personalOrganizationOf(db, bob)
  await redirectOf(() => org.acceptInvite({ token: tokenMailedTo('bob@example.com') }))
  aliceMemberships = await db.membership.findMany({ where: { organizationId: aliceOrg.id }, select: { id: true } })
})
afterAll(async () => {
  await Promise.all([double.close(), inngest.close(), smtp.close()])
})

const asBobIn = async (organizationId: string) => {
  await signInAs(db, 'bob@example.com')
  await db.user.update({ where: { id: bob.id }, data: { activeOrganizationId: organizationId } })
}
const forbidden = { ok: false, error: { code: 'forbidden' } }
const notFound = { ok: false, error: { code: 'not_found' } }

describe('acting in another organization', () => {
  it('with Bob’s own organization active, Alice’s invitation and memberships are not found by any action', async () => {
    await asBobIn(bobOrg.id)
    expect(await org.revokeInvite({ invitationId: aliceInvitation })).toMatchObject(notFound)
    for (const { id } of aliceMemberships) {
      expect(await org.changeMemberRole({ membershipId: id, role: 'owner' })).toMatchObject(notFound)
      expect(await org.removeFromOrganization({ membershipId: id })).toMatchObject(notFound)
    }
    expect(await db.invitation.findUniqueOrThrow({ where: { id: aliceInvitation } })).toMatchObject({ revokedAt: null })
    expect(await db.membership.count({ where: { organizationId: aliceOrg.id } })).toBe(2)
  })

  it('a success page for Alice’s checkout grants Bob’s organization nothing', async () => {
    expect(await confirmCheckout(stripe, bobOrg.id, aliceSession)).toEqual({ kind: 'not_found' })
  })

  it('switching to an organization one does not belong to is refused, and a stale choice falls back to one’s own', async () => {
    const stranger = await db.organization.create({ data: { name: 'Stranger Inc', seatsTaken: 0 } })
    await asBobIn(bobOrg.id)
    expect(await org.switchActiveOrganization({ organizationId: stranger.id })).toMatchObject(notFound)
    await db.user.update({ where: { id: bob.id }, data: { activeOrganizationId: stranger.id } })
    expect((await getActiveOrganization({ id: bob.id, email: bob.email })).id).toBe(bobOrg.id)
  })
})

describe('a member of Alice’s organization', () => {
  it('cannot check out, open the portal or resume its billing', async () => {
    await asBobIn(aliceOrg.id)
    const before = double.requests.length
    expect(await billing.checkout({ lookupKey: 'team_monthly' })).toMatchObject(forbidden)
    expect(await billing.manageBilling({})).toMatchObject(forbidden)
    expect(await billing.resumeBilling({})).toMatchObject(forbidden)
    expect(double.requests.length).toBe(before)
  })

  it('cannot invite, revoke, change roles, remove others or rename', async () => {
    await asBobIn(aliceOrg.id)
    expect(await org.invite({ email: 'dave@example.com', role: 'member' })).toMatchObject(forbidden)
    expect(await org.revokeInvite({ invitationId: aliceInvitation })).toMatchObject(forbidden)
    for (const { id } of aliceMemberships) {
      expect(await org.changeMemberRole({ membershipId: id, role: 'owner' })).toMatchObject(forbidden)
      expect(await org.removeFromOrganization({ membershipId: id })).toMatchObject(forbidden)
    }
    expect(await org.renameActiveOrganization({ name: 'Bob’s now' })).toMatchObject(forbidden)
    expect(await db.organization.findUniqueOrThrow({ where: { id: aliceOrg.id } })).toMatchObject({ name: 'alice@example.com' })
  })

  it('sees on /billing that only owners can open it, and none of the organization’s billing', async () => {
    await asBobIn(aliceOrg.id)
    const html = renderPage(await BillingPage())
    expect(html).toContain('Only owners and admins of this organization can see and change its billing.')
    expect(html).not.toContain('Pro')
    expect(html).not.toContain('Manage billing')
  })

  it('an admin can manage members but not owners, and cannot make an owner; billing is theirs too', async () => {
    const [aliceMembership] = await db.membership.findMany({ where: { organizationId: aliceOrg.id, userId: alice.id } })
    const bobMembership = await db.membership.findFirstOrThrow({ where: { organizationId: aliceOrg.id, userId: bob.id } })
    await db.membership.update({ where: { id: bobMembership.id }, data: { role: 'admin' } })
    await asBobIn(aliceOrg.id)
    expect(await org.changeMemberRole({ membershipId: aliceMembership!.id, role: 'member' })).toMatchObject(forbidden)
    expect(await org.removeFromOrganization({ membershipId: aliceMembership!.id })).toMatchObject(forbidden)
    expect(await org.invite({ email: 'eve@example.com', role: 'owner' })).toMatchObject(forbidden)
    // Owners and admins manage billing (issue 14): the portal opens for an admin where a member is refused.
    expect(await redirectOf(() => billing.manageBilling({}))).toMatch(/^http/)
    await db.membership.update({ where: { id: bobMembership.id }, data: { role: 'member' } })
  })
})

describe('deleting an account that owns an organization', () => {
  it('is refused while its owner is the only owner and others belong to it; nothing is canceled', async () => {
    await signInAs(db, 'alice@example.com')
    const before = double.requests.length
    expect(await deleteMyAccount({ confirmEmail: 'alice@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('You are the only owner of alice@example.com, which has other members') },
    })
    expect(double.requests.length).toBe(before)
    expect(await db.user.count({ where: { id: alice.id } })).toBe(1)
  })

  it('a member leaves the organizations they belong to, which stay with their owners', async () => {
    await signInAs(db, 'bob@example.com')
    expect(await redirectOf(() => deleteMyAccount({ confirmEmail: 'bob@example.com' }))).toBe('/account-deleted')
    expect(await db.organization.count({ where: { id: aliceOrg.id } })).toBe(1)
    expect(await db.organization.count({ where: { id: bobOrg.id } })).toBe(0)
    expect(await db.membership.count({ where: { organizationId: aliceOrg.id } })).toBe(1)
    // Bob's seat is given back (Alice and Carol's pending invitation hold the other two), and a seat sync is asked for.
    expect((await db.organization.findUniqueOrThrow({ where: { id: aliceOrg.id } })).seatsTaken).toBe(2)
    expect(inngest.accepted.filter((e) => e.name === 'tollgate/organization.seats-changed' && e.data.organizationId === aliceOrg.id).length).toBeGreaterThanOrEqual(2)
  })
})
