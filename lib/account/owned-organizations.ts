import 'server-only'
import { ActionFailure } from '@/lib/auth/action'
import { db } from '@/lib/db'

export type SoleOrganization = { id: string; stripeCustomerId: string | null }

/**
 * What deleting this user does to the organizations they own (decision 0024). An organization they alone belong
 * to goes with them, its Stripe billing canceled first (their personal organization, usually). One where another
 * owner remains simply loses a member. One where they are the only owner but not the only member is refused:
 * deleting would leave people in an organization, maybe a paid one, that nobody can manage.
 */
export async function organizationsDeletedWith(userId: string): Promise<SoleOrganization[]> {
  const owned = await db.membership.findMany({
    where: { userId, role: 'owner' },
    select: { organization: { select: { id: true, name: true, stripeCustomerId: true, memberships: { select: { userId: true, role: true } } } } },
  })
  const sole: SoleOrganization[] = []
  for (const { organization } of owned) {
    const others = organization.memberships.filter((m) => m.userId !== userId)
    if (others.length === 0) sole.push({ id: organization.id, stripeCustomerId: organization.stripeCustomerId })
    else if (!others.some((m) => m.role === 'owner')) {
      throw new ActionFailure(
        'conflict',
        `You are the only owner of ${organization.name}, which has other members. Make one of them an owner, or remove them, in organization settings before deleting your account.`,
      )
    }
  }
  return sole
}

/**
 * What the settings page says before a deletion, from the same rule: the organizations that would go (with
 * whether one has a subscription to cancel) and those whose only owner the user is while others belong to them.
 */
export async function deletionPreview(userId: string): Promise<{ deleted: { name: string; subscribed: boolean }[]; blocking: string[] }> {
  const owned = await db.membership.findMany({
    where: { userId, role: 'owner' },
    select: {
      organization: {
        select: { name: true, memberships: { select: { userId: true, role: true } }, subscriptions: { where: { status: { notIn: ['canceled', 'incomplete_expired'] } }, select: { id: true } } },
      },
    },
  })
  const deleted: { name: string; subscribed: boolean }[] = []
  const blocking: string[] = []
  for (const { organization } of owned) {
    const others = organization.memberships.filter((m) => m.userId !== userId)
    if (others.length === 0) deleted.push({ name: organization.name, subscribed: organization.subscriptions.length > 0 })
    else if (!others.some((m) => m.role === 'owner')) blocking.push(organization.name)
  }
  return { deleted, blocking }
}
