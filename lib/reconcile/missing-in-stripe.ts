import 'server-only'
import Stripe from 'stripe'
import { subscriptionColumns } from '@/lib/billing/subscription-row'
import { saveSubscription } from '@/lib/billing/sync-customer'
import { db } from '@/lib/db'
import { compareSubscription, recordDrift, type Drift } from './drift'

/** States that grant nothing: a row in one of them that Stripe no longer has costs nothing. */
const ENDED = ['canceled', 'incomplete_expired']

/**
 * Rows looked up one by one at the end of a sweep. Stripe never deletes a subscription (`status=all` lists canceled
 * ones, those of deleted customers too: Subscriptions.d.ts), so a missing live row means another Stripe account or
 * mode, or test data deleted: then every row is missing, and one call each would be the whole account's worth.
 */
export const MISSING_LOOKUPS_PER_SWEEP = 25

export type MissingInStripe = { missing: number; lookedUp: number; gone: number; found: number }

/**
 * After the last page of a full sweep: live rows (not canceled or expired) that existed before the sweep started
 * and that no page listed. Each (up to MISSING_LOOKUPS_PER_SWEEP) is retrieved from Stripe: one Stripe has is
 * compared and repaired as a page would; one Stripe answers 404 for is stored as drift (`row`, now null) and left
 * alone: ending a customer's plan because the app may be pointed at the wrong Stripe account is for a person to
 * decide, and the health page shows it as drift not repaired.
 */
export async function findRowsMissingInStripe(stripe: Stripe, sweepStartedAt: Date): Promise<MissingInStripe> {
  const where = {
    status: { notIn: ENDED },
    createdAt: { lt: sweepStartedAt },
    OR: [{ seenInStripeAt: null }, { seenInStripeAt: { lt: sweepStartedAt } }],
  }
  const [missing, rows] = await Promise.all([
    db.subscription.count({ where }),
    db.subscription.findMany({ where, orderBy: { createdAt: 'asc' }, take: MISSING_LOOKUPS_PER_SWEEP }),
  ])
  let gone = 0
  let found = 0
  const drift: (Drift & { customerId: string; organizationId: string; repaired: boolean })[] = []
  for (const row of rows) {
    const observedAt = new Date()
    const subscription = await retrieveOrNull(stripe, row.id)
    if (!subscription) {
      gone += 1
      drift.push({ subscriptionId: row.id, field: 'row', was: row.status, now: null, customerId: row.customerId, organizationId: row.organizationId, repaired: false })
      continue
    }
    found += 1
    const columns = subscriptionColumns(subscription)
    const differences = compareSubscription(row, columns, row.id)
    const repaired = differences.length > 0 && (await saveSubscription(row.organizationId, subscription, observedAt))
    drift.push(...differences.map((d) => ({ ...d, customerId: columns.customerId, organizationId: row.organizationId, repaired })))
    await db.subscription.updateMany({ where: { id: row.id }, data: { seenInStripeAt: observedAt } })
  }
  await recordDrift(drift, 'sweep')
  return { missing, lookedUp: rows.length, gone, found }
}

async function retrieveOrNull(stripe: Stripe, id: string): Promise<Stripe.Subscription | null> {
  try {
    return await stripe.subscriptions.retrieve(id)
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return null
    throw error
  }
}
