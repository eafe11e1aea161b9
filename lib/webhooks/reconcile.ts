import 'server-only'
import type Stripe from 'stripe'
import { reconcileSeatQuantity } from '@/lib/billing/seat-quantity'
import { syncStripeCustomer } from '@/lib/billing/sync-customer'
import { db } from '@/lib/db'
import { handOff } from './hand-off'
import { markQueued } from './ledger'

/** How long a `received` row may wait for its hand-off before the reconciler sends it itself. */
export const STUCK_AFTER_MS = 5 * 60_000

/** Sends events recorded but never confirmed handed to Inngest (the route answered 5xx, or the process died). */
export async function resendStuckEvents(now = Date.now(), limit = 500): Promise<string[]> {
  const stuck = await db.stripeEvent.findMany({
    where: { status: 'received', receivedAt: { lt: new Date(now - STUCK_AFTER_MS) } },
    orderBy: { receivedAt: 'asc' },
    take: limit,
    select: { id: true, payload: true },
  })
  if (stuck.length === 0) return []
  await handOff(stuck.map((row) => JSON.parse(row.payload) as Stripe.Event))
  for (const row of stuck) await markQueued(row.id)
  return stuck.map((row) => row.id)
}

export async function customersWithLiveSubscriptions(): Promise<string[]> {
  const rows = await db.subscription.findMany({
    where: { status: { in: ['trialing', 'active', 'past_due', 'paused', 'unpaid'] } },
    distinct: ['customerId'],
    select: { customerId: true },
  })
  return rows.map((row) => row.customerId)
}

export type Drift = { subscriptionId: string; field: string; was: unknown; now: unknown }

const COMPARED = ['status', 'priceId', 'quantity', 'cancelAtPeriodEnd', 'currentPeriodEnd', 'trialEnd', 'canceledAt'] as const

/** Re-syncs one customer from Stripe and reports what the database had wrong. */
export async function reconcileCustomer(stripe: Stripe, customerId: string): Promise<Drift[]> {
  const before = await db.subscription.findMany({ where: { customerId } })
  await syncStripeCustomer(stripe, customerId)
  // Stripe's quantity against the member count, repaired in Stripe (lib/billing/seat-quantity.ts).
  const organization = await db.organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } })
  const seats = organization ? await reconcileSeatQuantity(stripe, organization.id, new Date().toISOString().slice(0, 13)) : []
  const after = await db.subscription.findMany({ where: { customerId } })
  const drift: Drift[] = seats.map((s) => ({ subscriptionId: s.subscriptionId, field: 'stripe_quantity_vs_members', was: s.was, now: s.now }))
  for (const row of after) {
    const old = before.find((b) => b.id === row.id)
    if (!old) {
      drift.push({ subscriptionId: row.id, field: 'missing', was: null, now: row.status })
      continue
    }
    for (const field of COMPARED) {
      const [was, now] = [old[field], row[field]]
      if (String(was instanceof Date ? was.getTime() : was) !== String(now instanceof Date ? now.getTime() : now)) drift.push({ subscriptionId: row.id, field, was, now })
    }
  }
  return drift
}
