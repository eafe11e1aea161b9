import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'
import { createBatcher } from './batcher'
import { handOff } from './hand-off'
import { customerOf, recordEvent, type LedgerStatus } from './ledger'

export type Verified = { event: Stripe.Event; payload: string; wanted: boolean }
/** `queued`: handed off now; `handoff_failed`: recorded, not handed off (answer 5xx); else an earlier state. */
export type Outcome = 'queued' | 'handoff_failed' | 'ignored' | 'duplicate'

/**
 * Records verified events in the ledger and hands the ones to run to Inngest, a batch at a time: three queries
 * and one HTTP call per batch instead of per event. That is where a webhook's time went (profile in
 * docs/benchmarks.md). Each event's outcome is exactly what handling it alone would give.
 */
export const recordAndHandOff = createBatcher(processBatch, 100)

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
      await db.stripeEvent.updateMany({ where: { id: { in: toSend.map((i) => i.event.id) }, status: 'received' }, data: { status: 'queued' } })
    }
  }
  return items.map((item) => {
    const current = status.get(item.event.id)!
    if (current === 'received') return handedOff ? 'queued' : 'handoff_failed'
    return current === 'ignored' ? 'ignored' : 'duplicate'
  })
}

/**
 * The ledger status of each event after recording it: new rows in one insert; rows that already existed keep
 * theirs (`received` ones are sent again, since their hand-off was never confirmed). If another instance
 * inserts one of the ids between our read and our insert, the insert fails whole and each event is recorded
 * on its own instead.
 */
async function recordAll(items: Verified[]): Promise<Map<string, LedgerStatus>> {
  const ids = items.map((item) => item.event.id)
  const existing = await db.stripeEvent.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } })
  const status = new Map(existing.map((row) => [row.id, row.status as LedgerStatus]))
  const fresh = items.filter((item) => !status.has(item.event.id))
  if (fresh.length === 0) return status
  try {
    await db.stripeEvent.createMany({ data: fresh.map(ledgerRow) })
    for (const item of fresh) status.set(item.event.id, item.wanted ? 'received' : 'ignored')
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    for (const item of fresh) status.set(item.event.id, (await recordEvent(item.event, item.payload, item.wanted)).status)
  }
  return status
}

function ledgerRow({ event, payload, wanted }: Verified) {
  return {
    id: event.id,
    type: event.type,
    objectId: (event.data.object as { id?: string }).id ?? null,
    customerId: customerOf(event),
    livemode: event.livemode,
    apiVersion: event.api_version ?? null,
    status: wanted ? 'received' : 'ignored',
    payload,
    stripeCreatedAt: new Date(event.created * 1000),
  }
}
