import 'server-only'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import type { ActiveOrganization } from './active-organization'
import { mayAssign, type Role } from './roles'
import { lockOrganization, releaseSeat, type Tx } from './seat-counter'

const LAST_OWNER = 'An organization always keeps an owner: make someone else an owner first.'

/** The membership `membershipId` in the actor's organization; another organization's id is simply not found. */
async function targetIn(tx: Tx, actor: ActiveOrganization, membershipId: string) {
  const target = await tx.membership.findFirst({ where: { id: membershipId, organizationId: actor.id } })
  if (!target) throw new ActionFailure('not_found', 'That person is not a member of this organization.')
  return target
}

async function ownersLeftWithout(tx: Tx, organizationId: string, userId: string): Promise<number> {
  return tx.membership.count({ where: { organizationId, role: 'owner', userId: { not: userId } } })
}

/** Changes a member's role. Admins manage admins and members; only owners touch owners. An owner always remains. */
export async function changeRole(actor: ActiveOrganization, membershipId: string, role: Role): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockOrganization(tx, actor.id) // two owners demoting each other: the second sees the first's change
    const target = await targetIn(tx, actor, membershipId)
    if (!mayAssign(actor.role, role) || (target.role === 'owner' && actor.role !== 'owner')) {
      throw new ActionFailure('forbidden', 'Only owners can make or unmake owners.')
    }
    if (target.role === 'owner' && role !== 'owner' && (await ownersLeftWithout(tx, actor.id, target.userId)) === 0) throw new ActionFailure('conflict', LAST_OWNER)
    await tx.membership.update({ where: { id: target.id }, data: { role } })
  })
}

/** Removes a member (or, with the actor's own membership, leaves). Their seat is freed; an owner always remains. */
export async function removeMember(actor: ActiveOrganization, membershipId: string, actorUserId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockOrganization(tx, actor.id)
    const target = await targetIn(tx, actor, membershipId)
    const leaving = target.userId === actorUserId
    // The action checked manage_members unless the actor removes themselves (leaving needs no permission).
    if (!leaving && target.role === 'owner' && actor.role !== 'owner') throw new ActionFailure('forbidden', 'Only owners can remove an owner.')
    if (target.role === 'owner' && (await ownersLeftWithout(tx, actor.id, target.userId)) === 0) throw new ActionFailure('conflict', LAST_OWNER)
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: actor.id }, select: { personalOwnerId: true } })
    if (organization.personalOwnerId === target.userId) throw new ActionFailure('conflict', 'A personal organization keeps the person it belongs to.')
    await tx.membership.delete({ where: { id: target.id } })
    await releaseSeat(tx, actor.id)
  })
}

/** The user leaves the actor's organization (the active one): the same rules as a removal. */
export async function leaveOrganization(actor: ActiveOrganization, userId: string): Promise<void> {
  const own = await db.membership.findUniqueOrThrow({ where: { organizationId_userId: { organizationId: actor.id, userId } }, select: { id: true } })
  await removeMember(actor, own.id, userId)
}

/** Renames the actor's organization. */
export async function renameOrganization(actor: ActiveOrganization, name: string): Promise<void> {
  await db.organization.update({ where: { id: actor.id }, data: { name } })
}

/** Creates an organization owned by the user, on the Free plan with their one seat, and makes it active. */
export async function createOrganization(userId: string, name: string): Promise<string> {
  const created = await db.organization.create({ data: { name, seatsTaken: 1, memberships: { create: { userId, role: 'owner' } } }, select: { id: true } })
  await db.user.update({ where: { id: userId }, data: { activeOrganizationId: created.id } })
  return created.id
}

/** Makes `organizationId` the user's active organization, only if they are a member of it. */
export async function switchOrganization(userId: string, organizationId: string): Promise<void> {
  const membership = await db.membership.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { id: true } })
  if (!membership) throw new ActionFailure('not_found', 'You are not a member of that organization.')
  await db.user.update({ where: { id: userId }, data: { activeOrganizationId: organizationId } })
}
