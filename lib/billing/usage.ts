import 'server-only'
import { db } from '@/lib/db'

/** How much of each plan limit an organization uses; null where the starter has nothing to count yet. */
export type Usage = { seats: number; projects: number | null }

/**
 * What the dashboard sets against the plan's limits. Seats: the organization's members (each one is a paid seat,
 * docs/decisions/0023). Projects: Tollgate has no Project model (docs/decisions/0018-dashboard-usage.md); when you
 * add yours, count them here, e.g. `db.project.count({ where: { organizationId } })`, and check `limits.projects`
 * in the action that creates one.
 */
export async function getUsage(organizationId: string): Promise<Usage> {
  return { seats: await db.membership.count({ where: { organizationId } }), projects: null }
}
