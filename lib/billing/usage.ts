import 'server-only'
import { db } from '@/lib/db'

/**
 * How much of each plan limit an organization uses; null where the starter has nothing to count yet. Seats: its
 * members and its pending invitations, the count the seat limit is enforced on (lib/organizations/seat-counter.ts;
 * each member of a per-seat plan is a paid seat, docs/decisions/0023). Projects: Tollgate has no Project model
 * (docs/decisions/0018-dashboard-usage.md); when you add yours, count them here, e.g.
 * `db.project.count({ where: { organizationId } })`, and check `limits.projects` in the action that creates one.
 */
export type Usage = { members: number; pendingInvitations: number; projects: number | null }

export async function getUsage(organizationId: string): Promise<Usage> {
  const [members, pendingInvitations] = await Promise.all([
    db.membership.count({ where: { organizationId } }),
    db.invitation.count({ where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } }),
  ])
  return { members, pendingInvitations, projects: null }
}
