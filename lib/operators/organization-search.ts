import 'server-only'
import { planFor } from '@/lib/billing/catalog'
import { entitlementsFor, type SubscriptionState } from '@/lib/billing/entitlements'
import { db } from '@/lib/db'
import { databaseTarget } from '@/lib/db/database-target'
import { env } from '@/lib/env'

export const ORGANIZATIONS_PER_PAGE = 20

/** `subscription`: the one the app acts on (currentSubscription), null when the organization never had one. */
export type OrganizationHit = {
  id: string
  name: string
  stripeCustomerId: string | null
  createdAt: Date
  members: number
  subscription: { status: string; planName: string | null } | null
}

/**
 * Organizations for the console's search: an exact id or Stripe customer id (cus_…), or a part of the name, case
 * aside. Newest first, one page at a time.
 */
export async function searchOrganizations(query: string, page = 1): Promise<{ organizations: OrganizationHit[]; hasMore: boolean }> {
  const q = query.trim().slice(0, 200)
  const where = q ? { OR: [{ id: q }, { stripeCustomerId: q }, { name: nameContains(q) }] } : {}
  const rows = await db.organization.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    skip: (Math.max(1, page) - 1) * ORGANIZATIONS_PER_PAGE,
    take: ORGANIZATIONS_PER_PAGE + 1,
    select: {
      id: true,
      name: true,
      stripeCustomerId: true,
      createdAt: true,
      _count: { select: { memberships: true } },
      subscriptions: true,
    },
  })
  return {
    organizations: rows.slice(0, ORGANIZATIONS_PER_PAGE).map((row) => ({
      id: row.id,
      name: row.name,
      stripeCustomerId: row.stripeCustomerId,
      createdAt: row.createdAt,
      members: row._count.memberships,
      subscription: describe(currentSubscription(row.subscriptions)),
    })),
    hasMore: rows.length > ORGANIZATIONS_PER_PAGE,
  }
}

/**
 * The subscription the customer's own pages show (entitlementsFor: the one granting the plan, else the live one
 * needing attention), else the newest that ended. Not the latest `stripeStateAt`: one customer sync stamps every
 * subscription of the customer with the same time, so an old canceled one ties with the current one.
 */
export function currentSubscription<S extends SubscriptionState>(subscriptions: readonly S[]): S | null {
  const shown = entitlementsFor(subscriptions).subscription
  const current = subscriptions.find((s) => s.id === shown?.id)
  return current ?? [...subscriptions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null
}

const describe = (subscription: SubscriptionState | null) =>
  subscription && { status: subscription.status, planName: planFor({ lookupKey: subscription.priceLookupKey, productId: subscription.productId })?.name ?? null }

/**
 * A part of the name, case aside, on both databases. Prisma's `contains` is LIKE: case-insensitive for ASCII on
 * SQLite, case-sensitive on PostgreSQL, where `mode: 'insensitive'` (ILIKE) makes it match. The option exists only
 * in the PostgreSQL client's types, hence the cast to the shape both accept.
 */
function nameContains(q: string): { contains: string } {
  return databaseTarget(env().DATABASE_URL).dialect === 'postgresql' ? ({ contains: q, mode: 'insensitive' } as { contains: string }) : { contains: q }
}
