import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'

// The StripeEvent table is the webhook ledger, one row per Stripe event id. Its status moves
//   received → queued → processed      (or failed, with lastError; or ignored when no handler wants the type)
// `received` means "recorded, not yet confirmed handed to Inngest": such a row is sent again on redelivery and
// by the reconciliation job, never treated as done.
export type LedgerStatus = 'received' | 'queued' | 'processed' | 'failed' | 'ignored'

export type Recorded = { status: LedgerStatus; duplicate: boolean }

/** Objects whose `customer` says whose event it is; a customer event is its own customer. */
export function customerOf(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; customer?: unknown }
  if (object.object === 'customer') return object.id ?? null
  const customer = object.customer
  if (typeof customer === 'string') return customer
  if (customer && typeof customer === 'object' && 'id' in customer) return String((customer as { id: unknown }).id)
  return null
}

/** Records a verified event once; a concurrent or later delivery of the same id reads the existing row. */
export async function recordEvent(event: Stripe.Event, payload: string, wanted: boolean): Promise<Recorded> {
  const object = event.data.object as { id?: string }
  try {
    await db.stripeEvent.create({
      data: {
        id: event.id,
        type: event.type,
        objectId: object.id ?? null,
        customerId: customerOf(event),
        livemode: event.livemode,
        apiVersion: event.api_version ?? null,
        status: wanted ? 'received' : 'ignored',
        payload,
        stripeCreatedAt: new Date(event.created * 1000),
      },
    })
    return { status: wanted ? 'received' : 'ignored', duplicate: false }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id }, select: { status: true } })
    return { status: row.status as LedgerStatus, duplicate: true }
  }
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

export async function markProcessed(eventId: string): Promise<void> {
  await db.stripeEvent.updateMany({ where: { id: eventId }, data: { status: 'processed', processedAt: new Date(), lastError: null } })
}

export async function markFailed(eventId: string, error: unknown): Promise<void> {
  await db.stripeEvent.updateMany({ where: { id: eventId }, data: { status: 'failed', lastError: describe(error) } })
}

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000)
