import 'server-only'
import type Stripe from 'stripe'
import { reconcileSeatQuantity } from '@/lib/billing/seat-quantity'
import { syncStripeCustomer } from '@/lib/billing/sync-customer'
import { db } from '@/lib/db'
import { compareSubscription, recordDrift, type Drift, type DriftSource } from '@/lib/reconcile/drift'
import { reconcileInvoices } from '@/lib/reconcile/invoices'
import { handOff } from './hand-off'
import { markQueued } from './ledger'

export type { Drift } from '@/lib/reconcile/drift'

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
  const sent = await handOff(stuck.map((row) => JSON.parse(row.payload) as Stripe.Event))
  for (const id of sent) await markQueued(id)
  return stuck.map((row) => row.id).filter((id) => sent.has(id))
}

/**
 * Re-syncs one customer from Stripe and returns what the database had wrong, which is also stored in BillingDrift
 * (a subscription the database never saw shows as field "row", an invoice it lacked or had behind as "invoice").
 */
export async function reconcileCustomer(stripe: Stripe, customerId: string, source: DriftSource = 'events'): Promise<Drift[]> {
  const before = await db.subscription.findMany({ where: { customerId } })
  const result = await syncStripeCustomer(stripe, customerId)
  if (result.status !== 'synced') return []
  const after = await db.subscription.findMany({ where: { customerId, id: { in: result.subscriptions } } })
  const drift = after.flatMap((row) => compareSubscription(before.find((b) => b.id === row.id) ?? null, row, row.id))
  // Stripe's quantity against the member count, repaired in Stripe (lib/billing/seat-quantity.ts).
  const seats = await reconcileSeatQuantity(stripe, result.organizationId, new Date().toISOString().slice(0, 13))
  drift.push(...seats.map((s) => ({ subscriptionId: s.subscriptionId, field: 'stripeQuantityVsMembers', was: s.was, now: s.now })))
  drift.push(...(await reconcileInvoices(stripe, result.organizationId, customerId)))
  await recordDrift(drift.map((d) => ({ ...d, customerId, organizationId: result.organizationId, repaired: true })), source)
  return drift
}

