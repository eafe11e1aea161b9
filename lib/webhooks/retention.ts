import 'server-only'
import { db } from '@/lib/db'

// Retention of the webhook ledger (decision 0036). Processed and ignored events lose their payload after
// LEDGER_PAYLOAD_RETENTION_DAYS; the row stays (id, type, customer, status, attempts, outcome, timestamps), so the
// ledger still answers "what happened" and Stripe's redeliveries still find their row. Failed, received and queued
// events keep their payload until they are resolved: they are the ones a replay still needs.

/** The statuses whose payload the job may empty: work that is over. */
export const PRUNABLE_STATUSES = ['processed', 'ignored'] as const

/** Rows one batch empties: one short UPDATE, so a run never holds a long transaction or a big lock. */
export const PRUNE_BATCH_SIZE = 500

export const DAY_MS = 86_400_000

/** Events received before this are old enough to lose their payload. */
export function retentionCutoff(retentionDays: number, now = Date.now()): Date {
  return new Date(now - retentionDays * DAY_MS)
}

/**
 * Empties the payload of up to `batchSize` of the oldest prunable events received before `cutoff`, and returns how
 * many it pruned. Idempotent: rows pruned already are not selected again, and the UPDATE re-checks the status, so
 * an event replayed between the SELECT and the UPDATE (no longer processed) keeps its payload.
 */
export async function pruneLedgerBatch(cutoff: Date, batchSize = PRUNE_BATCH_SIZE, now = new Date()): Promise<number> {
  const rows = await db.stripeEvent.findMany({
    where: { status: { in: [...PRUNABLE_STATUSES] }, payloadPrunedAt: null, receivedAt: { lt: cutoff } },
    orderBy: { receivedAt: 'asc' },
    take: batchSize,
    select: { id: true },
  })
  if (rows.length === 0) return 0
  const { count } = await db.stripeEvent.updateMany({
    where: { id: { in: rows.map((row) => row.id) }, status: { in: [...PRUNABLE_STATUSES] }, payloadPrunedAt: null },
    data: { payload: '', payloadPrunedAt: now },
  })
  return count
}

/** Whether a ledger row still has the event's body, for every reader that parses `payload` (replay above all). */
export function isPayloadPruned(row: { payloadPrunedAt: Date | null }): boolean {
  return row.payloadPrunedAt !== null
}

/** The sentence the console and `npm run stripe:replay` give for an event whose payload is gone. */
export function prunedPayloadMessage(row: { id: string; type: string; payloadPrunedAt: Date | null }): string {
  const on = row.payloadPrunedAt ? ` on ${row.payloadPrunedAt.toISOString().slice(0, 10)}` : ''
  return `${row.id} (${row.type}) cannot be replayed: its payload was pruned${on} by the ledger's retention (LEDGER_PAYLOAD_RETENTION_DAYS). It was processed before; to re-apply Stripe's current state, run the reconciliation (tollgate/billing.reconcile) for its customer.`
}
