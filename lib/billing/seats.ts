import 'server-only'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'
import { PLANS, type Plan } from './catalog'

/** The smallest plan whose seat limit fits `seats`, to name in a refusal; undefined when none does. */
export function planAllowing(seats: number): Plan | undefined {
  return PLANS.filter((plan) => plan.limits.seats >= seats && plan.prices.length > 0).sort((a, b) => a.limits.seats - b.limits.seats)[0]
}

/** "Pro allows 3 seats. Team allows up to 20." — the words every seat refusal uses. */
export function seatLimitMessage(plan: Plan, wanted: number): string {
  const seats = `${plan.limits.seats} seat${plan.limits.seats === 1 ? '' : 's'}`
  const more = planAllowing(wanted)
  const next = more && more.key !== plan.key ? ` The ${more.name} plan allows up to ${more.limits.seats}.` : ' Remove a member or revoke an invitation first.'
  return `The ${plan.name} plan allows ${seats}.${next}`
}

/**
 * The quantity a new subscription to `plan` starts with: the organization's member count for a per-seat plan,
 * 1 for a flat one. Never from the request. A plan whose seat limit the members already exceed is refused.
 */
export async function seatQuantityFor(organizationId: string, plan: Plan): Promise<number> {
  if (!plan.perSeat) return 1
  const members = await db.membership.count({ where: { organizationId } })
  if (members > plan.limits.seats) {
    throw new ActionFailure('conflict', `This organization has ${members} members. ${seatLimitMessage(plan, members)}`)
  }
  return Math.max(members, 1)
}
