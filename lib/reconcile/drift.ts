import 'server-only'
import { db } from '@/lib/db'
import type { subscriptionColumns } from '@/lib/billing/subscription-row'

export type Drift = { subscriptionId: string; field: string; was: unknown; now: unknown }
export type DriftSource = 'events' | 'sweep' | 'usage'

type Columns = ReturnType<typeof subscriptionColumns>

/**
 * The columns compared with Stripe. `cancelAt` matters on its own: in flexible billing mode a cancellation can
 * set `cancel_at` without `cancel_at_period_end`.
 */
export const COMPARED = ['status', 'priceId', 'quantity', 'cancelAtPeriodEnd', 'cancelAt', 'currentPeriodEnd', 'trialEnd', 'canceledAt', 'endedAt'] as const

const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : value ?? null)

/** What the database row (or its absence) has wrong against Stripe's columns for the same subscription. */
export function compareSubscription(before: Pick<Columns, (typeof COMPARED)[number]> | null, after: Pick<Columns, (typeof COMPARED)[number]>, subscriptionId: string): Drift[] {
  if (!before) return [{ subscriptionId, field: 'row', was: null, now: after.status }]
  const drift: Drift[] = []
  for (const field of COMPARED) {
    const [was, now] = [before[field], after[field]]
    if (comparable(was) !== comparable(now)) drift.push({ subscriptionId, field, was, now })
  }
  return drift
}

const asText = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value))

/** Stores drift for inspection (BillingDrift): one row per field, with who it belongs to and whether it was fixed. */
export async function recordDrift(entries: readonly (Drift & { customerId: string; organizationId: string | null; repaired: boolean })[], source: DriftSource, foundAt = new Date()): Promise<void> {
  if (entries.length === 0) return
  await db.billingDrift.createMany({
    data: entries.map((d) => ({ subscriptionId: d.subscriptionId, customerId: d.customerId, organizationId: d.organizationId, field: d.field, was: asText(d.was), now: asText(d.now), repaired: d.repaired, source, foundAt })),
  })
}
