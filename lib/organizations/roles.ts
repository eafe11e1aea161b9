// Who may do what in an organization. The one place that decides it: every page, action and route asks
// `can(role, permission)` through requireOrganization (active-organization.ts). Decision 0022.

export const ROLES = ['owner', 'admin', 'member'] as const
export type Role = (typeof ROLES)[number]

export type Permission =
  /** See the organization's name and member list. */
  | 'read'
  /** Invite, revoke invitations, change roles below owner, remove members. */
  | 'manage_members'
  /** Checkout, plan changes, cancelling, the customer portal, invoices: what spends the organization's money. */
  | 'manage_billing'
  /** Rename the organization, make or remove owners. */
  | 'manage_organization'

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(['read', 'manage_members', 'manage_billing', 'manage_organization']),
  admin: new Set(['read', 'manage_members', 'manage_billing']),
  member: new Set(['read']),
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

export function can(role: string, permission: Permission): boolean {
  return isRole(role) && GRANTS[role].has(permission)
}

/** Whether `actor` may give or take `target` (an admin manages admins and members, never owners). */
export function mayAssign(actor: string, target: Role): boolean {
  if (actor === 'owner') return true
  return actor === 'admin' && target !== 'owner'
}

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' }

/** The role in a sentence: "an owner", "an admin", "a member". */
export const aRole = (role: Role) => `${role === 'member' ? 'a' : 'an'} ${ROLE_LABELS[role].toLowerCase()}`
