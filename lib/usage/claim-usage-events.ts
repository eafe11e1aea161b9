import 'server-only'
import { randomUUID } from 'node:crypto'
import { db } from '@/lib/db'

/** Rows a sender may take: pending ones, and sent ones whose cancellation has not reached Stripe; not leased. */
const claimable = (now: Date) => ({
  OR: [{ status: 'pending' }, { status: 'sent', cancelRequestedAt: { not: null }, cancelSentAt: null }],
  AND: [{ OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }],
})

export type ClaimedEvent = Awaited<ReturnType<typeof claimUsageEvents>>['events'][number]

/**
 * Leases up to `limit` events for `leaseMs` to one sender. The UPDATE repeats the claimable condition, so of two
 * senders that picked the same rows, the one whose UPDATE runs second (PostgreSQL re-checks the condition on the
 * row the first one committed; SQLite runs one writer at a time) takes none of them: no row is leased twice. A
 * sender that dies leaves its rows to the next claim once the lease runs out.
 */
export async function claimUsageEvents(limit: number, leaseMs: number, now = new Date()) {
  const candidates = await db.usageEvent.findMany({ where: claimable(now), select: { id: true }, orderBy: { createdAt: 'asc' }, take: limit })
  const leaseId = randomUUID()
  if (candidates.length > 0) {
    await db.usageEvent.updateMany({
      where: { id: { in: candidates.map((c) => c.id) }, ...claimable(now) },
      data: { leaseId, leaseUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
    })
  }
  const events = await db.usageEvent.findMany({
    where: { leaseId },
    include: { organization: { select: { stripeCustomerId: true } } },
    orderBy: { createdAt: 'asc' },
  })
  return { leaseId, events }
}

/** Ends the lease on rows as sent, keeping only those the lease still holds (a row re-leased after expiry is the other sender's). */
export async function markSent(leaseId: string, ids: readonly string[], now = new Date()): Promise<number> {
  if (ids.length === 0) return 0
  const { count } = await db.usageEvent.updateMany({ where: { id: { in: [...ids] }, leaseId }, data: { status: 'sent', sentAt: now, leaseId: null, leaseUntil: null, lastError: null } })
  return count
}

export async function markCancelSent(leaseId: string, ids: readonly string[], now = new Date()): Promise<number> {
  if (ids.length === 0) return 0
  const { count } = await db.usageEvent.updateMany({ where: { id: { in: [...ids] }, leaseId }, data: { cancelSentAt: now, leaseId: null, leaseUntil: null, lastError: null } })
  return count
}

/** Gives rows back for a later try (Stripe was unreachable, or rate-limited us past the SDK's retries). */
export async function release(leaseId: string, ids: readonly string[], error: string): Promise<void> {
  if (ids.length === 0) return
  await db.usageEvent.updateMany({ where: { id: { in: [...ids] }, leaseId }, data: { leaseId: null, leaseUntil: null, lastError: error.slice(0, 1000) } })
}

/** Stripe refused the row for good (or it can never be sent): kept with the reason, shown in the console. */
export async function markFailed(leaseId: string, id: string, status: 'failed' | 'cancelled' | 'cancel_refused', error: string | null): Promise<void> {
  await db.usageEvent.updateMany({ where: { id, leaseId }, data: { status, leaseId: null, leaseUntil: null, lastError: error?.slice(0, 1000) ?? null } })
}
