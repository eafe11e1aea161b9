import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { handOff } from '@/lib/webhooks/hand-off'
import { AUTO_RETRY_LIMIT } from '@/lib/webhooks/ledger'

/** Re-sends failed events whose retry is due, each under a new Inngest id so it runs again; returns their ids. */
export async function retryFailedEvents(now = Date.now(), limit = 500): Promise<string[]> {
  const due = await db.stripeEvent.findMany({
    where: { status: 'failed', autoRetries: { lt: AUTO_RETRY_LIMIT }, OR: [{ nextRetryAt: null }, { nextRetryAt: { lte: new Date(now) } }] },
    orderBy: { stripeCreatedAt: 'asc' },
    take: limit,
    select: { id: true, payload: true },
  })
  if (due.length === 0) return []
  const sent = await handOff(due.map((row) => JSON.parse(row.payload) as Stripe.Event), { replay: true })
  const ids = due.map((row) => row.id).filter((id) => sent.has(id))
  if (ids.length > 0) {
    await db.stripeEvent.updateMany({ where: { id: { in: ids }, status: 'failed' }, data: { status: 'queued', autoRetries: { increment: 1 }, nextRetryAt: null } })
  }
  return ids
}

/** Failed events past the automatic retries: they wait for `npm run stripe:replay -- --failed` or a fix. */
export function countExhaustedEvents(): Promise<number> {
  return db.stripeEvent.count({ where: { status: 'failed', autoRetries: { gte: AUTO_RETRY_LIMIT } } })
}
