import 'server-only'
import type Stripe from 'stripe'
import { inngest } from '@/lib/inngest/client'
import { stripeInngestEventName } from '@/lib/inngest/events'
import { env } from '@/lib/env'
import { ledgerReference, type LedgerReference } from './ledger'

/** Inngest takes at most 5,000 events per request (https://www.inngest.com/docs/usage-limits/inngest). */
export const INNGEST_EVENTS_PER_REQUEST = 5000

type InngestEvent = { id: string; name: string; data: Stripe.Event | LedgerReference }

/**
 * Hands verified Stripe events to Inngest and says which ones it accepted. The Inngest event id is the Stripe
 * event id, so Inngest drops a second send of the same event (a redelivery, or two deliveries racing).
 * - Requests are split to stay under Inngest's body size (INNGEST_MAX_PAYLOAD_BYTES) and 5,000 events; an event
 *   that alone is over the size is sent by reference (its ledger id) instead.
 * - After a request fails, its events are sent again one by one, so one event Inngest refuses fails alone.
 * - Nothing waits past `budgetMs`: a request still open then counts as not accepted (the route answers 5xx and
 *   Stripe redelivers); Inngest deduplicates if the hung request did land.
 */
export async function handOff(events: readonly Stripe.Event[], options: { replay?: boolean; budgetMs?: number } = {}): Promise<Set<string>> {
  const accepted = new Set<string>()
  if (events.length === 0) return accepted
  const { INNGEST_MAX_PAYLOAD_BYTES: maxBytes } = env()
  const stamp = Date.now()
  const sized = events.map((event) => {
    // A replay must run again, so it gets its own id; handlers are idempotent, emails deduplicated.
    const id = options.replay ? `${event.id}:replay:${stamp}` : event.id
    const full: InngestEvent = { id, name: stripeInngestEventName(event.type), data: event }
    const bytes = Buffer.byteLength(JSON.stringify(full))
    if (bytes <= maxBytes) return { stripeId: event.id, event: full, bytes }
    const reference: InngestEvent = { ...full, data: { ...ledgerReference(event) } }
    return { stripeId: event.id, event: reference, bytes: Buffer.byteLength(JSON.stringify(reference)) }
  })

  const send = async (group: typeof sized): Promise<void> => {
    try {
      await inngest.send(group.map((entry) => entry.event))
      for (const entry of group) accepted.add(entry.stripeId)
    } catch (error) {
      // The SDK already retried the request (5 attempts with backoff); now each event alone, at once, so one event
      // Inngest refuses fails alone and the rest still fit in the budget.
      if (group.length > 1) await Promise.all(group.map((entry) => send([entry])))
      else console.error(`stripe webhook: Inngest did not take ${group[0]!.stripeId}`, error)
    }
  }
  const work = Promise.all(splitBySize(sized, maxBytes).map(send))
  if (options.budgetMs === undefined) {
    await work
    return accepted
  }
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.budgetMs)))
  const outcome = await Promise.race([work.then(() => 'done' as const), timeout])
  clearTimeout(timer)
  if (outcome === 'done') return accepted
  // Freeze the answer: what landed in time counts; anything that lands later is a duplicate Inngest drops.
  return new Set(accepted)
}

/** Groups in order, each under `maxBytes` of JSON (plus the array's brackets and commas) and 5,000 events. */
function splitBySize<T extends { bytes: number }>(entries: readonly T[], maxBytes: number): T[][] {
  const groups: T[][] = []
  let current: T[] = []
  let size = 2
  for (const entry of entries) {
    if (current.length > 0 && (size + entry.bytes + 1 > maxBytes || current.length >= INNGEST_EVENTS_PER_REQUEST)) {
      groups.push(current)
      current = []
      size = 2
    }
    current.push(entry)
    size += entry.bytes + 1
  }
  if (current.length > 0) groups.push(current)
  return groups
}
