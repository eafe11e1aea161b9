import 'server-only'
import { randomUUID } from 'node:crypto'
import { db } from '@/lib/db'

/** Rows a sender may take: pending ones, and sent ones whose cancellation has not reached Stripe; not leased. */
const claimable = (now: Date) => ({
  OR: [{ status: 'pending' }, { status: 'sent', cancelRequestedAt: { not: null }, cancelSentAt: null }],
  AND: [{ OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }],
})

/**
 * Ids per `id IN (…)` statement: a batch is a second's worth at the meter-event rate (1,000 in live mode), and
 * Prisma refuses a SQLite statement with that many bound values ("The query parameter limit supported by your
 * database is exceeded", P2029; found by bench/usage-drain.ts), so each update goes in slices.
 */
const IDS_PER_STATEMENT = 500

function chunksOf(ids: readonly string[]): string[][] {
  const chunks: string[][] = []
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) chunks.push(ids.slice(i, i + IDS_PER_STATEMENT))
  return chunks
}

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
  for (const ids of chunksOf(candidates.map((c) => c.id))) {
    await db.usageEvent.updateMany({
      where: { id: { in: ids }, ...claimable(now) },
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
  let sent = 0
  for (const chunk of chunksOf(ids)) {
    const { count } = await db.usageEvent.updateMany({ where: { id: { in: chunk }, leaseId }, data: { status: 'sent', sentAt: now, leaseId: null, leaseUntil: null, lastError: null } })
    sent += count
  }
  return sent
}

export async function markCancelSent(leaseId: string, ids: readonly string[], now = new Date()): Promise<number> {
  let sent = 0
  for (const chunk of chunksOf(ids)) {
    const { count } = await db.usageEvent.updateMany({ where: { id: { in: chunk }, leaseId }, data: { cancelSentAt: now, leaseId: null, leaseUntil: null, lastError: null } })
    sent += count
  }
  return sent
}

/** Gives rows back for a later try (Stripe was unreachable, or rate-limited us past the SDK's retries). */
export async function release(leaseId: string, ids: readonly string[], error: string): Promise<void> {
  for (const chunk of chunksOf(ids)) {
    await db.usageEvent.updateMany({ where: { id: { in: chunk }, leaseId }, data: { leaseId: null, leaseUntil: null, lastError: error.slice(0, 1000) } })
  }
}

/** Stripe refused the row for good (or it can never be sent): kept with the reason, shown in the console. */
export async function markFailed(leaseId: string, id: string, status: 'failed' | 'cancelled' | 'cancel_refused', error: string | null): Promise<void> {
  await db.usageEvent.updateMany({ where: { id, leaseId }, data: { status, leaseId: null, leaseUntil: null, lastError: error?.slice(0, 1000) ?? null } })
}
