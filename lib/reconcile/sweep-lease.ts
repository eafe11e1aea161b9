import 'server-only'
import { db } from '@/lib/db'

// One full sweep of Stripe's subscriptions at a time, whoever starts it: the hourly walk when it has no usable
// checkpoint, the daily comparison, an operator (decision 0043). The lease is a ReconcileCheckpoint row: `cursor` is
// the running sweep's id, `cursorAt` when it last finished a page. Each page renews it; a page whose sweep lost it
// stops, so two chains of pages never run on.

const LEASE = 'subscription-sweep'
const FINISHED = 'subscription-sweep-finished'

/**
 * A sweep that has not finished a page for this long is abandoned (its run failed for good, or was cancelled) and
 * another may take the lease. A page takes about a second; Inngest's retries of one failing page stay well inside.
 */
export const SWEEP_LEASE_MS = 60 * 60_000

export type SweepReason = 'fallback' | 'daily' | 'on-demand'
/** What every page of a sweep carries: its id (which holds the lease) and when it started. */
export type SweepStart = { sweepId: string; startedAt: string }
export type SweepClaim = ({ kind: 'claimed' } & SweepStart) | { kind: 'busy' | 'recent'; why: string }

/** Why a sweep ran, from its id (`daily:2026-12-02T03:41:00.000Z`). */
export const sweepReasonOf = (sweepId: string): string => sweepId.split(':')[0] ?? sweepId

/**
 * Takes the lease for a new sweep, unless one holds it (and has moved within SWEEP_LEASE_MS), or, with
 * `unlessFinishedWithinMs`, a sweep finished that recently. Atomic: of two claims at once, one wins.
 */
export async function claimSweepLease(reason: SweepReason, options: { unlessFinishedWithinMs?: number; now?: number } = {}): Promise<SweepClaim> {
  const now = options.now ?? Date.now()
  if (options.unlessFinishedWithinMs) {
    const finished = await db.reconcileCheckpoint.findUnique({ where: { id: FINISHED } })
    if (finished?.cursorAt && finished.cursorAt.getTime() > now - options.unlessFinishedWithinMs) {
      return { kind: 'recent', why: `a full sweep finished at ${finished.cursorAt.toISOString()}` }
    }
  }
  const startedAt = new Date(now).toISOString()
  const sweepId = `${reason}:${startedAt}`
  await db.reconcileCheckpoint.upsert({ where: { id: LEASE }, create: { id: LEASE }, update: {} })
  const { count } = await db.reconcileCheckpoint.updateMany({
    where: { id: LEASE, OR: [{ cursor: null }, { cursorAt: null }, { cursorAt: { lt: new Date(now - SWEEP_LEASE_MS) } }] },
    data: { cursor: sweepId, cursorAt: new Date(now) },
  })
  if (count === 1) return { kind: 'claimed', sweepId, startedAt }
  const holder = await db.reconcileCheckpoint.findUnique({ where: { id: LEASE } })
  return { kind: 'busy', why: `sweep ${holder?.cursor ?? '?'} is running` }
}

/** Before each page: true while `sweepId` still holds the lease (and holds it for another SWEEP_LEASE_MS). */
export async function renewSweepLease(sweepId: string, now = Date.now()): Promise<boolean> {
  const { count } = await db.reconcileCheckpoint.updateMany({ where: { id: LEASE, cursor: sweepId }, data: { cursorAt: new Date(now) } })
  return count === 1
}

/** After the last page: frees the lease and records when this sweep finished. */
export async function finishSweepLease(sweepId: string, now = Date.now()): Promise<void> {
  const at = new Date(now)
  await db.$transaction([
    db.reconcileCheckpoint.updateMany({ where: { id: LEASE, cursor: sweepId }, data: { cursor: null, cursorAt: at } }),
    db.reconcileCheckpoint.upsert({ where: { id: FINISHED }, create: { id: FINISHED, cursor: sweepId, cursorAt: at }, update: { cursor: sweepId, cursorAt: at } }),
  ])
}

export type SweepStatus = {
  /** The sweep holding the lease, when its last page finished, and whether that is past the lease (abandoned). */
  running: { sweepId: string; reason: string; lastPageAt: Date; abandoned: boolean } | null
  lastFinished: { sweepId: string; reason: string; finishedAt: Date } | null
}

/** For the operator console: the sweep running now, and the last one that finished. */
export async function sweepStatus(now = Date.now()): Promise<SweepStatus> {
  const rows = await db.reconcileCheckpoint.findMany({ where: { id: { in: [LEASE, FINISHED] } } })
  const lease = rows.find((row) => row.id === LEASE)
  const finished = rows.find((row) => row.id === FINISHED)
  return {
    running:
      lease?.cursor && lease.cursorAt
        ? { sweepId: lease.cursor, reason: sweepReasonOf(lease.cursor), lastPageAt: lease.cursorAt, abandoned: lease.cursorAt.getTime() < now - SWEEP_LEASE_MS }
        : null,
    lastFinished: finished?.cursor && finished.cursorAt ? { sweepId: finished.cursor, reason: sweepReasonOf(finished.cursor), finishedAt: finished.cursorAt } : null,
  }
}
