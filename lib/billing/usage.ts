import 'server-only'

/** How much of each plan limit an account uses; null where the starter has nothing to count yet. */
export type Usage = { seats: number; projects: number | null }

/**
 * What the dashboard sets against the plan's limits. Seats: one, the account holder, until organizations with
 * members exist. Projects: Tollgate has no Project model (docs/decisions/0018-dashboard-usage.md); when you add
 * yours, count them here, e.g. `db.project.count({ where: { ownerId: userId } })`, and check `limits.projects`
 * in the action that creates one.
 */
export async function getUsage(userId: string): Promise<Usage> {
  void userId
  return { seats: 1, projects: null }
}
