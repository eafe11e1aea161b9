'use server'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { requestSeatSync } from '@/lib/organizations/request-seat-sync'
import { actionWithUser } from '@/lib/auth/action'
import { getActiveOrganization, requireOrganization } from './active-organization'
import { acceptInvitation, inviteMember, revokeInvitation } from './invitations'
import { changeRole, createOrganization, leaveOrganization, removeMember, renameOrganization, switchOrganization } from './members'
import { ROLES } from './roles'

// Every action acts on the active organization, re-checked on the server with the role it needs
// (requireOrganization); ids in the input are looked up inside that organization only, never trusted.

const name = z.string().trim().min(1, 'Give the organization a name.').max(80, 'Keep the name under 80 characters.')
const SETTINGS = '/settings/organization'
/**
 * The header's switcher (in the root layout) lists the user's organizations by name: an action that adds, renames
 * or removes one of them refreshes every layout, or the switcher keeps its old list until a reload.
 */
const refreshSwitcher = () => revalidatePath('/', 'layout')

export const switchActiveOrganization = actionWithUser(z.object({ organizationId: z.string().min(1).max(64) }), async ({ organizationId }, user) => {
  await switchOrganization(user.id, organizationId)
  refreshSwitcher()
})

export const createNewOrganization = actionWithUser(z.object({ name }), async (input, user) => {
  await createOrganization(user.id, input.name)
  refreshSwitcher()
  redirect(SETTINGS)
})

export const renameActiveOrganization = actionWithUser(z.object({ name }), async (input, user) => {
  await renameOrganization(await requireOrganization(user, 'manage_organization'), input.name)
  refreshSwitcher()
})

export const invite = actionWithUser(z.object({ email: z.email('Enter an email address.').max(320), role: z.enum(ROLES) }), async (input, user) => {
  await inviteMember(await requireOrganization(user, 'manage_members'), user, input)
  revalidatePath(SETTINGS)
})

export const revokeInvite = actionWithUser(z.object({ invitationId: z.string().min(1).max(64) }), async ({ invitationId }, user) => {
  await revokeInvitation(await requireOrganization(user, 'manage_members'), invitationId)
  revalidatePath(SETTINGS)
})

export const changeMemberRole = actionWithUser(z.object({ membershipId: z.string().min(1).max(64), role: z.enum(ROLES) }), async ({ membershipId, role }, user) => {
  await changeRole(await requireOrganization(user, 'manage_members'), membershipId, role)
  revalidatePath(SETTINGS)
})

export const removeFromOrganization = actionWithUser(z.object({ membershipId: z.string().min(1).max(64) }), async ({ membershipId }, user) => {
  const organization = await requireOrganization(user, 'manage_members')
  await removeMember(organization, membershipId, user.id)
  await requestSeatSync(organization.id)
  revalidatePath(SETTINGS)
})

export const leaveActiveOrganization = actionWithUser(z.object({}), async (_input, user) => {
  const organization = await getActiveOrganization(user)
  await leaveOrganization(organization, user.id)
  await requestSeatSync(organization.id)
  refreshSwitcher()
  redirect('/dashboard')
})

export const acceptInvite = actionWithUser(z.object({ token: z.string().min(16).max(128) }), async ({ token }, user) => {
  const { organizationId } = await acceptInvitation(user, token)
  await requestSeatSync(organizationId)
  refreshSwitcher()
  redirect(SETTINGS)
})

