import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { env } from '@/lib/env'
import { join, sql } from '@/lib/db/sql'
import { createBatcher } from '@/lib/batcher'
import { isVersionMismatch } from './api-version'
import { handOff } from './hand-off'
import type { LedgerStatus } from './ledger'

/** `customer`: what the payload says, by the event type's declared source; an Inngest function fills in a lookup. */
export type Verified = { event: Stripe.Event; payload: string; wanted: boolean; customer: string | null }
/**
 * `queued`: handed off now; `handoff_failed`: recorded, not handed off in time (answer 5xx); `record_failed`: not
 * recorded (answer 5xx); else an earlier state.
 */
export type Outcome = 'queued' | 'handoff_failed' | 'record_failed' | 'ignored' | 'duplicate'

/** A row another delivery recorded moments ago and is handing off now (on this instance or another). */
type RowState = LedgerStatus | 'in_flight'

/**
 * Records verified events in the ledger and hands the ones to run to Inngest, a batch at a time: two statements
 * and one HTTP call per batch instead of per event, written as SQL because Prisma's query compiler was the largest
 * cost left per event (profiles: bench/results/profile-*.txt, docs/benchmarks.md). Each event's outcome is exactly
 * what handling it alone would give: an event that cannot be recorded or handed off fails alone.
 * The hand-off has a budget (WEBHOOK_HANDOFF_TIMEOUT_MS); past it the batch answers, so a hung Inngest never holds
 * the batches behind it (the batcher frees the slot when this returns).
 */
const submit = createBatcher(processBatch, { maxItems: 100, maxConcurrent: 1 })

/**
 * A copy of an event whose first delivery is being handed off right now (Stripe's retries and duplicates overlap,
 * across instances too) waits for that hand-off instead of sending the event a second time: it answers
 * "duplicate" once the row is queued, or, if the other hand-off failed or its instance died, sends it itself.
 * So each event is handed to Inngest once, and no copy gets a 5xx because of another.
 */
export async function recordAndHandOff(item: Verified): Promise<Outcome> {
  const outcome = await submit(item)
  if (outcome !== 'in_flight') return outcome
  const deadline = Date.now() + env().WEBHOOK_HANDOFF_TIMEOUT_MS + IN_FLIGHT_MARGIN_MS
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const row = await db.stripeEvent.findUnique({ where: { id: item.event.id }, select: { status: true } })
    if (row && row.status !== 'received') return row.status === 'ignored' ? 'ignored' : 'duplicate'
  }
  const retried = await submit(item)
  return retried === 'in_flight' ? 'handoff_failed' : retried
}

const HANDOFF_FAILED = 'The hand-off to Inngest failed or ran past its budget; the route answered 500.'

/** How much longer than the hand-off budget a copy waits for the first delivery's hand-off. */
const IN_FLIGHT_MARGIN_MS = 500

/** A hand-off slower than this lets the next batch start instead of holding it up (Inngest usually answers in ms). */
const SLOW_HANDOFF_MS = 250

async function processBatch(items: Verified[], release: () => void): Promise<(Outcome | 'in_flight')[]> {
  const first = new Map<string, Verified>()
  for (const item of items) if (!first.has(item.event.id)) first.set(item.event.id, item)
  const status = await recordAll([...first.values()])

  const toSend = [...first.values()].filter((item) => status.get(item.event.id) === 'received')
  let accepted = new Set<string>()
  if (toSend.length > 0) {
    const slow = setTimeout(release, SLOW_HANDOFF_MS)
    accepted = await handOff(toSend.map((item) => item.event), { budgetMs: env().WEBHOOK_HANDOFF_TIMEOUT_MS })
    clearTimeout(slow)
    if (accepted.size < toSend.length) console.error(`stripe webhook: ${toSend.length - accepted.size} of ${toSend.length} event(s) not taken by Inngest within the budget; answering 500 so Stripe retries`)
    if (accepted.size > 0) {
      await db.$executeRaw(sql`UPDATE "StripeEvent" SET "status" = 'queued' WHERE "status" = 'received' AND "id" IN (${join([...accepted])})`)
    }
    const missed = toSend.map((item) => item.event.id).filter((id) => !accepted.has(id))
    if (missed.length > 0) {
      // Says the hand-off is over (failed), so a redelivery sends the event again instead of waiting for it.
      await db.$executeRaw(sql`UPDATE "StripeEvent" SET "lastError" = ${HANDOFF_FAILED} WHERE "status" = 'received' AND "id" IN (${join(missed)})`)
    }
  }
  return items.map((item) => {
    const current = status.get(item.event.id)
    if (current === undefined) return 'record_failed'
    if (current === 'received') return accepted.has(item.event.id) ? 'queued' : 'handoff_failed'
    if (current === 'in_flight') return 'in_flight'
    return current === 'ignored' ? 'ignored' : 'duplicate'
  })
}

/** recordBatch for all, or, when that statement fails, for each alone: a row that cannot be written fails alone. */
async function recordAll(items: Verified[]): Promise<Map<string, RowState>> {
  try {
    return await recordBatch(items)
  } catch (error) {
    if (items.length === 1) {
      console.error(`stripe webhook: could not record ${items[0]!.event.id}`, error)
      return new Map()
    }
    const status = new Map<string, RowState>()
    for (const item of items) for (const [id, value] of await recordAll([item])) status.set(id, value)
    return status
  }
}

/**
 * The ledger status of each event after recording it. One INSERT … ON CONFLICT DO NOTHING RETURNING for the
 * batch (atomic per row on both databases, so two instances racing on one id leave one row); rows that already
 * existed keep their status, read only when there are any (`received` ones are sent again: their hand-off was
 * never confirmed), unless recorded within the hand-off budget: then another delivery is handing it off now.
 */
async function recordBatch(items: Verified[]): Promise<Map<string, RowState>> {
  const receivedAt = new Date()
  const rows = items.map(({ event, payload, wanted, customer }) => {
    const values = [
      event.id,
      event.type,
      (event.data.object as { id?: string }).id ?? null,
      customer,
      event.livemode,
      event.api_version ?? null,
      wanted ? 'received' : 'ignored',
      0,
      payload,
      new Date(event.created * 1000),
      receivedAt,
      isVersionMismatch(event),
    ]
    return sql`(${join(values)})`
  })
  const inserted = await db.$queryRaw<{ id: string }[]>(sql`
    INSERT INTO "StripeEvent" ("id", "type", "objectId", "customerId", "livemode", "apiVersion", "status", "attempts", "payload", "stripeCreatedAt", "receivedAt", "versionMismatch")
    VALUES ${join(rows)}
    ON CONFLICT ("id") DO NOTHING
    RETURNING "id"`)
  const fresh = new Set(inserted.map((row) => row.id))
  const status = new Map<string, RowState>()
  for (const item of items) if (fresh.has(item.event.id)) status.set(item.event.id, item.wanted ? 'received' : 'ignored')
  const existing = items.filter((item) => !fresh.has(item.event.id)).map((item) => item.event.id)
  if (existing.length > 0) {
    const handingOffSince = receivedAt.getTime() - env().WEBHOOK_HANDOFF_TIMEOUT_MS
    for (const row of await db.stripeEvent.findMany({ where: { id: { in: existing } }, select: { id: true, status: true, receivedAt: true, lastError: true } })) {
      const inFlight = row.status === 'received' && row.lastError === null && row.receivedAt.getTime() > handingOffSince
      status.set(row.id, inFlight ? 'in_flight' : (row.status as LedgerStatus))
    }
  }
  return status
}
