import 'server-only'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'

type Owner = { id: string; name?: string | null; email?: string | null }

/**
 * The user's personal organization, made on first need (first sign-in, or the first page that asks): exactly one
 * per user, even when two requests race, because `personalOwnerId` is unique. Its one seat is the owner.
 */
export async function ensurePersonalOrganization(user: Owner): Promise<string> {
  const existing = await db.organization.findUnique({ where: { personalOwnerId: user.id }, select: { id: true } })
  if (existing) return existing.id
  try {
    const created = await db.organization.create({
      data: {
        name: user.name?.trim() || user.email || 'Personal',
        personalOwnerId: user.id,
        seatsTaken: 1,
        memberships: { create: { userId: user.id, role: 'owner' } },
      },
      select: { id: true },
    })
    return created.id
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return (await db.organization.findUniqueOrThrow({ where: { personalOwnerId: user.id }, select: { id: true } })).id
  }
}
