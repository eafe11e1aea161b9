import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { customerOf } from './event-customer'

// The StripeEvent table is the webhook ledger, one row per Stripe event id. Its status moves
//   received → queued → processed      (or failed, with lastError; or ignored when no handler wants the type)
// and a signed body the route could not use is `refused` from the start, with the reason in lastError
// (record-refused.ts): nothing runs it, and a replay skips it.
// Rows are written a batch at a time by record-and-hand-off.ts; these helpers move them along.
// `received` means "recorded, not yet confirmed handed to Inngest": such a row is sent again on redelivery and
// by the reconciliation job, never treated as done.
export type LedgerStatus = 'received' | 'queued' | 'processed' | 'failed' | 'ignored' | 'refused'

export { customerOf } from './event-customer'

/** The customer an Inngest function found for an event whose payload named it only through another object. */
export async function recordEventCustomer(eventId: string, customer: string): Promise<void> {
  await db.stripeEvent.updateMany({ where: { id: eventId, customerId: null }, data: { customerId: customer } })
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

/**
 * A `failed` event (Inngest gave up after its own ~1 day of retries) is re-run automatically this many times,
 * 1 h, 2 h, 4 h, 8 h and 16 h after each failure (about 31 h more; lib/reconcile/retry-failed.ts), then left
 * `failed` for a person: by then the cause is not transient, and the reconciler has repaired the customer's state.
 */
export const AUTO_RETRY_LIMIT = 5
export const AUTO_RETRY_BASE_MS = 60 * 60_000

/** When a failed event that has had `autoRetries` automatic re-runs is due again; null past the limit. */
export function nextRetryAt(autoRetries: number, now = Date.now()): Date | null {
  return autoRetries < AUTO_RETRY_LIMIT ? new Date(now + AUTO_RETRY_BASE_MS * 2 ** autoRetries) : null
}

/** Inngest gave up on the event: `failed`, with when its automatic retry is due. */
export async function markFailed(eventId: string, error: unknown, now = Date.now()): Promise<void> {
  const row = await db.stripeEvent.findUnique({ where: { id: eventId }, select: { autoRetries: true } })
  if (!row) return
  await db.stripeEvent.updateMany({ where: { id: eventId }, data: { status: 'failed', lastError: describe(error), nextRetryAt: nextRetryAt(row.autoRetries, now) } })
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000)

/**
 * What an event over Inngest's per-event size limit is sent as: its ledger id and just enough to route it (the
 * functions' concurrency key reads `data.object.customer`). The function reads the whole event back from here.
 */
export type LedgerReference = {
  id: string
  object: 'event'
  type: string
  created: number
  livemode: boolean
  tollgate_ledger_ref: true
  data: { object: { id: string | null; object: string | null; customer: string | null } }
}

export function ledgerReference(event: Stripe.Event): LedgerReference {
  const object = event.data.object as { id?: string; object?: string }
  return {
    id: event.id,
    object: 'event',
    type: event.type,
    created: event.created,
    livemode: event.livemode,
    tollgate_ledger_ref: true,
    data: { object: { id: object.id ?? null, object: object.object ?? null, customer: customerOf(event) } },
  }
}

function isLedgerReference(data: unknown): data is LedgerReference {
  return typeof data === 'object' && data !== null && (data as { tollgate_ledger_ref?: unknown }).tollgate_ledger_ref === true
}

/**
 * The Stripe event an Inngest event carries: itself, or for one handed off by reference, the verified payload
 * read back from the ledger (immutable once recorded, so reading it on every attempt gives the same event).
 */
export async function stripeEventFrom(data: unknown): Promise<unknown> {
  if (!isLedgerReference(data)) return data
  const row = await db.stripeEvent.findUnique({ where: { id: data.id }, select: { payload: true } })
  if (!row) throw new Error(`${data.id} was handed off by reference but is not in the ledger`)
  return JSON.parse(row.payload) as unknown
}
