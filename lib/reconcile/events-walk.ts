import 'server-only'
import Stripe from 'stripe'
import { db } from '@/lib/db'
import { MAX_LIST_LIMIT } from '@/lib/stripe/limits'
import { customerOf } from '@/lib/webhooks/ledger'

const CHECKPOINT = 'stripe-events'
/** Stripe keeps events for 30 days (https://docs.stripe.com/api/events/list); a checkpoint older than that is void. */
export const EVENTS_RETENTION_MS = 30 * 86_400_000
/** Younger events may still be on their way (Stripe retries within minutes): they wait for the next run. */
export const SETTLE_MS = 10 * 60_000

export type EventsPage =
  | { kind: 'sweep_needed'; why: string }
  | { kind: 'page'; customers: string[]; events: number; more: boolean }

/**
 * One page of the walk of Stripe's events list since the stored checkpoint (an event id, the list's
 * `ending_before` cursor), oldest first. Every customer with an event of a `wanted` type that the ledger does not
 * show `processed` (never arrived, failed, stuck) is returned to be re-synced; the checkpoint then moves past the
 * page. The walk stops at events younger than SETTLE_MS. Without a usable checkpoint, the answer is "sweep":
 * compare every subscription instead.
 *
 * The list is asked for every type, and `wanted` is applied here: Stripe takes at most 20 `types` per request,
 * the app handles more, and one unfiltered walk costs fewer calls than a walk per 20 types at the volumes a
 * starter serves, with one checkpoint whatever the handler map holds (decision 0041).
 */
export async function walkEventsPage(stripe: Stripe, wanted: readonly string[], now = Date.now()): Promise<EventsPage> {
  const checkpoint = await db.reconcileCheckpoint.findUnique({ where: { id: CHECKPOINT } })
  if (!checkpoint?.cursorAt) return { kind: 'sweep_needed', why: 'no checkpoint yet' }
  const cursorAt = checkpoint.cursorAt.getTime()
  if (checkpoint.cursor && cursorAt < now - EVENTS_RETENTION_MS + 3_600_000) return { kind: 'sweep_needed', why: 'the checkpoint is older than Stripe keeps events' }

  let page: Stripe.ApiList<Stripe.Event>
  try {
    page = await stripe.events.list({ limit: MAX_LIST_LIMIT, ...(checkpoint.cursor && { ending_before: checkpoint.cursor }) })
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return { kind: 'sweep_needed', why: 'the checkpoint event is gone from Stripe' }
    throw error
  }
  // With no cursor (the sweep found no recent event), the newest page must reach back to the checkpoint's time.
  const since = checkpoint.cursor ? 0 : cursorAt - 1000
  const newer = page.data.filter((event) => event.created * 1000 >= since)
  if (!checkpoint.cursor && page.has_more && newer.length === page.data.length) return { kind: 'sweep_needed', why: 'too many events since the last sweep to walk without a cursor' }
  const oldestFirst = newer.reverse()
  const settled: Stripe.Event[] = []
  for (const event of oldestFirst) {
    if (event.created * 1000 > now - SETTLE_MS) break
    settled.push(event)
  }
  const wantedTypes = new Set(wanted)
  const relevant = settled.filter((event) => wantedTypes.has(event.type))
  const ledger = await db.stripeEvent.findMany({ where: { id: { in: relevant.map((e) => e.id) } }, select: { id: true, status: true } })
  const done = new Set(ledger.filter((row) => row.status === 'processed').map((row) => row.id))
  const customers = new Set<string>()
  for (const event of relevant) {
    const customer = done.has(event.id) ? null : customerOf(event)
    if (customer) customers.add(customer)
  }
  const last = settled.at(-1)
  if (last) await saveCheckpoint(last.id, new Date(last.created * 1000))
  return { kind: 'page', customers: [...customers], events: settled.length, more: Boolean(checkpoint.cursor) && page.has_more && settled.length === oldestFirst.length && settled.length > 0 }
}

/**
 * Before a sweep: the walk resumes after the newest event that exists now, or, with none recent enough to keep
 * as a cursor, from the current time.
 */
export async function checkpointAtNewestEvent(stripe: Stripe, now = Date.now()): Promise<void> {
  const newest = (await stripe.events.list({ limit: 1 })).data[0]
  const usable = newest && newest.created * 1000 > now - EVENTS_RETENTION_MS + 86_400_000
  await saveCheckpoint(usable ? newest.id : null, usable ? new Date(newest.created * 1000) : new Date(now))
}

async function saveCheckpoint(cursor: string | null, cursorAt: Date) {
  await db.reconcileCheckpoint.upsert({ where: { id: CHECKPOINT }, create: { id: CHECKPOINT, cursor, cursorAt }, update: { cursor, cursorAt } })
}
