import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import type { Tx } from '@/lib/organizations/seat-counter'
import { handOff } from './hand-off'
import type { LedgerStatus } from './ledger'
import { isPayloadPruned, prunedPayloadMessage } from './retention'

// Re-sends ledger events to Inngest under new ids, so they run again: the one path behind `npm run stripe:replay`
// and the operator console's Replay. Handlers are idempotent and billing emails are deduplicated, so it is safe.

/** Some events by id, or every failed event (of one type, when `type` is given). */
export type ReplaySelection = { ids: readonly string[] } | { failed: true; type?: string }

/** Whether a ledger row can be replayed: not `ignored` (no handler wants its type) nor `refused` (not a usable event). */
export const isReplayable = (status: string) => status !== 'ignored' && status !== 'refused'

/** The most events an operator ticks for one replay (two pages); "all failed of a type" has no such limit. */
export const MAX_REPLAY_SELECTION = 100

export type ReplayedEvent = { id: string; type: string; was: string; sent: boolean }

export type ReplayReport = {
  /** Asked-for ids that are not in the ledger. */
  missing: string[]
  /** Events whose payload retention removed: nothing is left to run; each with the words that say so. */
  pruned: { id: string; type: string; message: string }[]
  /** Events no handler wants (`ignored`) or that were never a usable event (`refused`): there is nothing to run. */
  skipped: { id: string; type: string }[]
  /** Every event handed to Inngest, oldest first, and whether Inngest took it (those are now `queued`). */
  replayed: ReplayedEvent[]
}

export const sentCount = (report: ReplayReport) => report.replayed.filter((event) => event.sent).length

/**
 * Replays the selection. The events Inngest took become `queued` in one transaction with `record` (the operator
 * console's audit record), so the ledger and the audit never disagree about what was re-sent.
 */
export async function replayEvents(selection: ReplaySelection, options: { record?: (tx: Tx, report: ReplayReport) => Promise<unknown> } = {}): Promise<ReplayReport> {
  const asked = 'ids' in selection ? [...new Set(selection.ids)] : []
  const rows = await db.stripeEvent.findMany({
    where: 'ids' in selection ? { id: { in: asked } } : { status: 'failed' satisfies LedgerStatus, ...(selection.type ? { type: selection.type } : {}) },
    orderBy: { stripeCreatedAt: 'asc' },
    select: { id: true, type: true, status: true, payload: true, payloadPrunedAt: true },
  })
  const missing = asked.filter((id) => !rows.some((row) => row.id === id))
  const pruned = rows.filter(isPayloadPruned).map((row) => ({ id: row.id, type: row.type, message: prunedPayloadMessage(row) }))
  const kept = rows.filter((row) => !isPayloadPruned(row))
  const skipped = kept.filter((row) => !isReplayable(row.status)).map(({ id, type }) => ({ id, type }))
  const replayable = kept.filter((row) => isReplayable(row.status))

  const sent = await handOff(replayable.map((row) => JSON.parse(row.payload) as Stripe.Event), { replay: true })
  const report: ReplayReport = { missing, pruned, skipped, replayed: replayable.map((row) => ({ id: row.id, type: row.type, was: row.status, sent: sent.has(row.id) })) }
  await db.$transaction(async (tx) => {
    // Queued again by hand: an automatic retry scheduled for it is off; a new failure schedules the next one.
    if (sent.size > 0) await tx.stripeEvent.updateMany({ where: { id: { in: [...sent] } }, data: { status: 'queued' satisfies LedgerStatus, nextRetryAt: null } })
    await options.record?.(tx, report)
  })
  return report
}
