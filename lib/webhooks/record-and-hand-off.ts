import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { join, sql } from '@/lib/db/sql'
import { createBatcher } from './batcher'
import { handOff } from './hand-off'
import { customerOf, type LedgerStatus } from './ledger'

export type Verified = { event: Stripe.Event; payload: string; wanted: boolean }
/** `queued`: handed off now; `handoff_failed`: recorded, not handed off (answer 5xx); else an earlier state. */
export type Outcome = 'queued' | 'handoff_failed' | 'ignored' | 'duplicate'

/**
 * Records verified events in the ledger and hands the ones to run to Inngest, a batch at a time: two statements
 * and one HTTP call per batch instead of per event, written as SQL because Prisma's query compiler was the largest
 * cost left per event (profiles: bench/results/profile-*.txt, docs/benchmarks.md). Each event's outcome is exactly
 * what handling it alone would give.
 */
export const recordAndHandOff = createBatcher(processBatch, { maxItems: 100, maxConcurrent: 1 })

async function processBatch(items: Verified[]): Promise<Outcome[]> {
  const first = new Map<string, Verified>()
  for (const item of items) if (!first.has(item.event.id)) first.set(item.event.id, item)
  const status = await recordAll([...first.values()])

  const toSend = [...first.values()].filter((item) => status.get(item.event.id) === 'received')
  let handedOff = false
  if (toSend.length > 0) {
    try {
      await handOff(toSend.map((item) => item.event))
      handedOff = true
    } catch (error) {
      console.error(`stripe webhook: hand-off of ${toSend.length} event(s) to Inngest failed; answering 500 so Stripe retries`, error)
    }
    if (handedOff) {
      const ids = toSend.map((item) => item.event.id)
      await db.$executeRaw(sql`UPDATE "StripeEvent" SET "status" = 'queued' WHERE "status" = 'received' AND "id" IN (${join(ids)})`)
    }
  }
  return items.map((item) => {
    const current = status.get(item.event.id)!
    if (current === 'received') return handedOff ? 'queued' : 'handoff_failed'
    return current === 'ignored' ? 'ignored' : 'duplicate'
  })
}

/**
 * The ledger status of each event after recording it. One INSERT … ON CONFLICT DO NOTHING RETURNING for the
 * batch (atomic per row on both databases, so two instances racing on one id leave one row); rows that already
 * existed keep their status, read only when there are any (`received` ones are sent again: their hand-off was
 * never confirmed).
 */
async function recordAll(items: Verified[]): Promise<Map<string, LedgerStatus>> {
  const receivedAt = new Date()
  const rows = items.map(({ event, payload, wanted }) => {
    const values = [
      event.id,
      event.type,
      (event.data.object as { id?: string }).id ?? null,
      customerOf(event),
      event.livemode,
      event.api_version ?? null,
      wanted ? 'received' : 'ignored',
      0,
      payload,
      new Date(event.created * 1000),
      receivedAt,
    ]
    return sql`(${join(values)})`
  })
  const inserted = await db.$queryRaw<{ id: string }[]>(sql`
    INSERT INTO "StripeEvent" ("id", "type", "objectId", "customerId", "livemode", "apiVersion", "status", "attempts", "payload", "stripeCreatedAt", "receivedAt")
    VALUES ${join(rows)}
    ON CONFLICT ("id") DO NOTHING
    RETURNING "id"`)
  const fresh = new Set(inserted.map((row) => row.id))
  const status = new Map<string, LedgerStatus>()
  for (const item of items) if (fresh.has(item.event.id)) status.set(item.event.id, item.wanted ? 'received' : 'ignored')
  const existing = items.filter((item) => !fresh.has(item.event.id)).map((item) => item.event.id)
  if (existing.length > 0) {
    for (const row of await db.stripeEvent.findMany({ where: { id: { in: existing } }, select: { id: true, status: true } })) {
      status.set(row.id, row.status as LedgerStatus)
    }
  }
  return status
}
