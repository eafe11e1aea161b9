// Ledger rows as the webhook route would have recorded them, for the operator console's tests.
import type { Db } from '@/lib/db'

export type LedgerRow = {
  id: string
  type?: string
  status?: 'received' | 'queued' | 'processed' | 'failed' | 'ignored'
  customerId?: string | null
  receivedAt?: Date
  autoRetries?: number
  nextRetryAt?: Date | null
  lastError?: string | null
  /** The version Stripe rendered the event in (the pinned one unless given); flagged when it is another. */
  apiVersion?: string
  /** The event's `data.object`; the payload is the whole event, as Stripe sends it. */
  object?: Record<string, unknown>
}

export const PINNED_VERSION = '2026-10-28.endive'

export const minutesAgo = (minutes: number, now = Date.now()) => new Date(now - minutes * 60_000)
export const daysAgo = (days: number, now = Date.now()) => new Date(now - days * 86_400_000)

export function stripeEventPayload(row: LedgerRow): string {
  const created = Math.floor((row.receivedAt ?? new Date()).getTime() / 1000)
  const object = row.object ?? { id: `obj_${row.id}`, object: 'subscription', customer: row.customerId ?? null, status: 'active' }
  return JSON.stringify({ id: row.id, object: 'event', type: row.type ?? 'customer.subscription.updated', created, livemode: false, api_version: row.apiVersion ?? PINNED_VERSION, data: { object } })
}

export async function insertLedgerRows(db: Db, rows: readonly LedgerRow[]): Promise<void> {
  await db.stripeEvent.createMany({
    data: rows.map((row) => {
      const receivedAt = row.receivedAt ?? new Date()
      return {
        id: row.id,
        type: row.type ?? 'customer.subscription.updated',
        customerId: row.customerId ?? null,
        livemode: false,
        apiVersion: row.apiVersion ?? PINNED_VERSION,
        versionMismatch: (row.apiVersion ?? PINNED_VERSION) !== PINNED_VERSION,
        status: row.status ?? 'processed',
        payload: stripeEventPayload(row),
        stripeCreatedAt: new Date(Math.floor(receivedAt.getTime() / 1000) * 1000),
        receivedAt,
        processedAt: row.status === 'processed' || row.status === undefined ? receivedAt : null,
        autoRetries: row.autoRetries ?? 0,
        nextRetryAt: row.nextRetryAt ?? null,
        lastError: row.lastError ?? null,
      }
    }),
  })
}
