import 'server-only'
import { cache } from 'react'
import { ActionFailure } from '@/lib/auth/action'
import type { SessionUser } from '@/lib/auth/session'
import { db } from '@/lib/db'
import { ensurePersonalOrganization } from './personal-organization'
import { can, isRole, type Permission, type Role } from './roles'

export type ActiveOrganization = { id: string; name: string; personal: boolean; stripeCustomerId: string | null; role: Role }

/**
 * The organization the user acts in: the one the switcher chose, if they are still a member of it, else their
 * personal organization (made now if it is missing). Checked against the Membership table on every request, so
 * a stale choice or a removed membership grants nothing. Read once per request.
 */
export const getActiveOrganization = cache(async (user: Pick<SessionUser, 'id' | 'name' | 'email'>): Promise<ActiveOrganization> => {
  const row = await db.user.findUnique({ where: { id: user.id }, select: { activeOrganizationId: true } })
  const chosen = row?.activeOrganizationId ? await membershipIn(row.activeOrganizationId, user.id) : null
  if (chosen) return chosen
  const personalId = await ensurePersonalOrganization(user)
  const personal = await membershipIn(personalId, user.id)
  if (!personal) throw new Error(`user ${user.id} is not a member of their personal organization ${personalId}`)
  return personal
})

/** The user's membership in one organization, or null: the check every organization-scoped read starts with. */
export async function membershipIn(organizationId: string, userId: string): Promise<ActiveOrganization | null> {
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId, userId } },
    select: { role: true, organization: { select: { id: true, name: true, personalOwnerId: true, stripeCustomerId: true } } },
  })
  if (!membership) return null
  const { organization, role } = membership
  return { id: organization.id, name: organization.name, personal: organization.personalOwnerId !== null, stripeCustomerId: organization.stripeCustomerId, role: isRole(role) ? role : 'member' }
}

export const NOT_ALLOWED: Record<Permission, string> = {
  read: 'You are not a member of that organization.',
  manage_members: 'Only owners and admins of this organization can manage its members.',
  manage_billing: 'Only owners and admins of this organization can see and change its billing.',
  manage_organization: 'Only owners of this organization can change it.',
}

/** For actions: the active organization when the user's role grants `permission`, else a typed refusal. */
export async function requireOrganization(user: SessionUser, permission: Permission): Promise<ActiveOrganization> {
  const organization = await getActiveOrganization(user)
  if (!can(organization.role, permission)) throw new ActionFailure('forbidden', NOT_ALLOWED[permission])
  return organization
}
