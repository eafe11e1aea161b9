import 'server-only'
import { db } from '@/lib/db'

export type MemberRow = { membershipId: string; userId: string; name: string | null; email: string | null; role: string }
export type InvitationRow = { id: string; email: string; role: string; expiresAt: Date }

/** The organization's members and pending invitations, for its settings page; the caller checked membership. */
export async function listMembers(organizationId: string): Promise<{ members: MemberRow[]; invitations: InvitationRow[]; seatsTaken: number }> {
  const [memberships, invitations, organization] = await Promise.all([
    db.membership.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' }, select: { id: true, role: true, user: { select: { id: true, name: true, email: true } } } }),
    db.invitation.findMany({ where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, orderBy: { createdAt: 'asc' }, select: { id: true, email: true, role: true, expiresAt: true } }),
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { seatsTaken: true } }),
  ])
  return {
    members: memberships.map((m) => ({ membershipId: m.id, userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role })),
    invitations,
    seatsTaken: organization.seatsTaken,
  }
}
