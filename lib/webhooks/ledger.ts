import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'

// The StripeEvent table is the webhook ledger, one row per Stripe event id. Its status moves
//   received → queued → processed      (or failed, with lastError; or ignored when no handler wants the type)
// Rows are written a batch at a time by record-and-hand-off.ts; these helpers move them along.
// `received` means "recorded, not yet confirmed handed to Inngest": such a row is sent again on redelivery and
// by the reconciliation job, never treated as done.
export type LedgerStatus = 'received' | 'queued' | 'processed' | 'failed' | 'ignored'

/** Objects whose `customer` says whose event it is; a customer event is its own customer. */
export function customerOf(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; customer?: unknown }
  if (object.object === 'customer') return object.id ?? null
  const customer = object.customer
  if (typeof customer === 'string') return customer
  if (customer && typeof customer === 'object' && 'id' in customer) return String((customer as { id: unknown }).id)
  return null
}

export async function markQueued(eventId: string): Promise<void> {
  await db.stripeEvent.updateMany({ where: { id: eventId, status: 'received' }, data: { status: 'queued' } })
}

export async function markRunStarted(eventId: string): Promise<void> {
  await db.stripeEvent.updateMany({ where: { id: eventId }, data: { attempts: { increment: 1 } } })
}

export async function recordAttemptError(eventId: string, error: unknown): Promise<void> {
  await db.stripeEvent.updateMany({ where: { id: eventId }, data: { attempts: { increment: 1 }, lastError: describe(error) } })
}

/** `outcome`: what the handlers returned (a skip says why), kept as JSON so the ledger explains a no-op. */
export async function markProcessed(eventId: string, outcome?: Record<string, unknown>): Promise<void> {
  const stored = outcome === undefined ? undefined : JSON.stringify(outcome).slice(0, 4000)
  await db.stripeEvent.updateMany({ where: { id: eventId }, data: { status: 'processed', processedAt: new Date(), lastError: null, outcome: stored } })
}

export async function markFailed(eventId: string, error: unknown): Promise<void> {
  await db.stripeEvent.updateMany({ where: { id: eventId }, data: { status: 'failed', lastError: describe(error) } })
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000)
