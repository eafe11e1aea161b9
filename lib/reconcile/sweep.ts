import 'server-only'
import type Stripe from 'stripe'
import { subscriptionColumns } from '@/lib/billing/subscription-row'
import { saveSubscription, organizationForCustomer } from '@/lib/billing/sync-customer'
import { db } from '@/lib/db'
import { join, sql } from '@/lib/db/sql'
import { compareSubscription, recordDrift } from './drift'

export type SweepPage = { next: string | null; subscriptions: number; drifted: number; created: number }

/**
 * One page of the full sweep: 100 subscriptions from Stripe's list (every status, canceled ones of deleted customers
 * too), compared with the database and repaired where they differ, drift stored. One Stripe call per 100
 * subscriptions, so a 100,000-customer account is 1,000 calls. A subscription that matches costs one write for the
 * page: the rows found are stamped `seenInStripeAt`, so the sweep's end can tell which rows Stripe no longer listed
 * (lib/reconcile/missing-in-stripe.ts).
 */
export async function sweepSubscriptionsPage(stripe: Stripe, startingAfter: string | null): Promise<SweepPage> {
  const observedAt = new Date() // before the request, as syncStripeCustomer does: Stripe's answer is at least this fresh
  const page = await stripe.subscriptions.list({ status: 'all', limit: 100, ...(startingAfter && { starting_after: startingAfter }) })
  const subscriptions = page.data
  const customerIds = [...new Set(subscriptions.map((s) => subscriptionColumns(s).customerId))]
  const [organizations, rows] = await Promise.all([
    db.organization.findMany({ where: { stripeCustomerId: { in: customerIds } }, select: { id: true, stripeCustomerId: true } }),
    db.subscription.findMany({ where: { id: { in: subscriptions.map((s) => s.id) } } }),
  ])
  const organizationOf = new Map(organizations.map((o) => [o.stripeCustomerId!, o.id]))
  const rowOf = new Map(rows.map((r) => [r.id, r]))

  const found = []
  let created = 0
  for (const subscription of subscriptions) {
    const columns = subscriptionColumns(subscription)
    const drift = compareSubscription(rowOf.get(subscription.id) ?? null, columns, subscription.id)
    if (drift.length === 0) continue
    // A customer not linked yet is looked up (one more call); one that is not ours is left alone.
    const organizationId = organizationOf.get(columns.customerId) ?? (await organizationForCustomer(stripe, columns.customerId))
    if (!organizationId) continue
    const repaired = await saveSubscription(organizationId, subscription, observedAt)
    if (repaired && !rowOf.has(subscription.id)) created += 1
    found.push(...drift.map((d) => ({ ...d, customerId: columns.customerId, organizationId, repaired })))
  }
  await recordDrift(found, 'sweep')
  await markSeenInStripe(subscriptions.map((s) => s.id), observedAt)
  return { next: page.has_more ? (subscriptions.at(-1)?.id ?? null) : null, subscriptions: subscriptions.length, drifted: found.length, created }
}

/**
 * Raw SQL, one statement per page: Prisma's updateMany would also move `updatedAt` on every row every day, and a row
 * that only matched Stripe has not been updated.
 */
async function markSeenInStripe(ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return
  await db.$executeRaw(sql`UPDATE "Subscription" SET "seenInStripeAt" = ${at} WHERE "id" IN (${join([...ids])})`)
}
