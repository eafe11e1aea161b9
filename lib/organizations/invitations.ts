import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import { ActionFailure } from '@/lib/auth/action'
import type { SessionUser } from '@/lib/auth/session'
import { seatLimitMessage } from '@/lib/billing/seats'
import { entitlementsFor } from '@/lib/billing/entitlements'
import { db } from '@/lib/db'
import { sendEmail } from '@/lib/email/send-email'
import { invitationEmail } from '@/lib/email/templates/invitation-email'
import { env } from '@/lib/env'
import type { ActiveOrganization } from './active-organization'
import { takeInvitationSlots } from './invitation-limits'
import { mayAssign, type Role } from './roles'
import { lockOrganization, releaseSeat, takeSeat } from './seat-counter'
import { formatDate } from '@/lib/format-date'

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex')
export const invitationPath = (token: string) => `/invitations/${token}`

const normalize = (email: string) => email.trim().toLowerCase()

/**
 * Invites `email` to the actor's organization with `role`, within the invitation limits (invitation-limits.ts) and
 * the plan's seat limit (members plus pending invitations; the database decides, see seat-counter.ts), then emails
 * the link. The link's secret is stored only as a hash. No seat sync: the quantity follows members, and an
 * invitation is not one until accepted.
 */
export async function inviteMember(actor: ActiveOrganization, inviter: SessionUser, input: { email: string; role: Role }): Promise<{ invitationId: string }> {
  const email = normalize(input.email)
  if (!mayAssign(actor.role, input.role)) throw new ActionFailure('forbidden', 'Only owners can invite another owner.')
  const [member, pending, subscriptions] = await Promise.all([
    db.membership.findFirst({ where: { organizationId: actor.id, user: { email } }, select: { id: true } }),
    db.invitation.findFirst({ where: { organizationId: actor.id, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, select: { id: true } }),
    db.subscription.findMany({ where: { organizationId: actor.id } }),
  ])
  if (member) throw new ActionFailure('conflict', `${email} is already a member of ${actor.name}.`)
  if (pending) throw new ActionFailure('conflict', `${email} already has a pending invitation. Revoke it to send a new one.`)

  const { plan } = entitlementsFor(subscriptions)
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS)
  const invitation = await db.$transaction(async (tx) => {
    await takeInvitationSlots(tx, { organizationId: actor.id, organizationName: actor.name, inviterId: inviter.id, email })
    if (!(await takeSeat(tx, actor.id, plan.limits.seats))) {
      const held = await tx.organization.findUniqueOrThrow({ where: { id: actor.id }, select: { seatsTaken: true } })
      throw new ActionFailure('conflict', `${actor.name} has no seat left for another member. ${seatLimitMessage(plan, held.seatsTaken + 1)}`)
    }
    return tx.invitation.create({ data: { organizationId: actor.id, email, role: input.role, tokenHash: hashInvitationToken(token), invitedById: inviter.id, expiresAt } })
  })
  const expiresOn = formatDate(expiresAt)
  await sendEmail(invitationEmail({ to: email, organizationName: actor.name, invitedBy: inviter.name || inviter.email || 'A teammate', url: `${env().APP_URL}${invitationPath(token)}`, expiresOn }))
  return { invitationId: invitation.id }
}

/** Revokes a pending invitation of the actor's organization (never another's) and gives its seat back. */
export async function revokeInvitation(actor: ActiveOrganization, invitationId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, organizationId: actor.id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } })
    if (count === 0) throw new ActionFailure('not_found', 'That invitation is not pending any more.')
    await releaseSeat(tx, actor.id)
  })
}

export type InvitationView =
  | { kind: 'pending'; organizationName: string; email: string; role: string; expiresAt: Date }
  | { kind: 'expired' | 'revoked' | 'accepted' | 'not_found' }

/** What the invitation page shows for a link, without accepting it. */
export async function viewInvitation(token: string): Promise<InvitationView> {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) }, include: { organization: { select: { name: true } } } })
  if (!invitation) return { kind: 'not_found' }
  if (invitation.acceptedAt) return { kind: 'accepted' }
  if (invitation.expiresAt <= new Date()) return { kind: 'expired' }
  if (invitation.revokedAt) return { kind: 'revoked' }
  return { kind: 'pending', organizationName: invitation.organization.name, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt }
}

/**
 * Accepts an invitation for the signed-in user, whose address must be the invited one. The invitation's seat
 * becomes the membership's (no count changes), exactly once: only the UPDATE that still finds it pending wins.
 * The new organization becomes the user's active one.
 */
export async function acceptInvitation(user: SessionUser, token: string): Promise<{ organizationId: string }> {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } })
  const now = new Date()
  if (!invitation || invitation.acceptedAt) throw new ActionFailure('not_found', 'This invitation is no longer valid. Ask for a new one.')
  if (invitation.expiresAt <= now) throw new ActionFailure('not_found', 'This invitation has expired. Ask for a new one.')
  if (invitation.revokedAt) throw new ActionFailure('not_found', 'This invitation is no longer valid. Ask for a new one.')
  if (!user.email || normalize(user.email) !== invitation.email) {
    throw new ActionFailure('forbidden', `This invitation is for ${invitation.email}. Sign in with that address to accept it.`)
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now } })
    if (count === 0) throw new ActionFailure('not_found', 'This invitation is no longer valid. Ask for a new one.')
    const already = await tx.membership.findUnique({ where: { organizationId_userId: { organizationId: invitation.organizationId, userId: user.id } } })
    if (already) {
      await releaseSeat(tx, invitation.organizationId) // the seat it held is not needed
      return
    }
    await tx.membership.create({ data: { organizationId: invitation.organizationId, userId: user.id, role: invitation.role } })
    await lockOrganization(tx, invitation.organizationId) // marks the membership change (seatVersion)
  })
  await db.user.update({ where: { id: user.id }, data: { activeOrganizationId: invitation.organizationId } })
  return { organizationId: invitation.organizationId }
}
