import 'server-only'
import { db } from '@/lib/db'
import { sweepStatus, type SweepStatus } from '@/lib/reconcile/sweep-lease'
import { STRIPE_API_VERSION } from '@/lib/stripe/client'
import { AUTO_RETRY_LIMIT } from '@/lib/webhooks/ledger'
import { STUCK_AFTER_MS } from '@/lib/webhooks/reconcile'

// The console's health page reads only the database: no Stripe call on the request path. Every query here is
// served by an index of StripeEvent ([status, receivedAt], [status, nextRetryAt], [versionMismatch, receivedAt, …]),
// BillingDrift ([foundAt]) or a ReconcileCheckpoint row by id.

/**
 * An event waiting (received or queued) longer than this is stuck (decision 0034). The reconciler runs at :17 every
 * hour and re-sends `received` rows older than STUCK_AFTER_MS (5 min), and a queued event normally finishes in
 * seconds: past 65 min, neither the route, nor the reconciler, nor Inngest's first retries moved it.
 */
export const STUCK_THRESHOLD_MS = 60 * 60_000 + STUCK_AFTER_MS

const WAITING = ['received', 'queued']
const UNPROCESSED = ['received', 'queued', 'failed']

export type LedgerEventSummary = { id: string; type: string; status: string; receivedAt: Date; lastError: string | null }
const summary = { id: true, type: true, status: true, receivedAt: true, lastError: true } as const

export type FailedEvents = { count: number; oldest: LedgerEventSummary | null; byType: { type: string; count: number }[] }

/** Events in `failed`: how many, the oldest, and how many of each type (most first). */
export async function failedEvents(): Promise<FailedEvents> {
  const [count, oldest, groups] = await Promise.all([
    db.stripeEvent.count({ where: { status: 'failed' } }),
    db.stripeEvent.findFirst({ where: { status: 'failed' }, orderBy: { receivedAt: 'asc' }, select: summary }),
    db.stripeEvent.groupBy({ by: ['type'], where: { status: 'failed' }, _count: { _all: true } }),
  ])
  const byType = groups.map((g) => ({ type: g.type, count: g._count._all })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type))
  return { count, oldest, byType }
}

export type StuckEvents = { count: number; oldest: LedgerEventSummary | null; thresholdMs: number }

/** Events received or queued longer than STUCK_THRESHOLD_MS ago. */
export async function stuckEvents(now = Date.now()): Promise<StuckEvents> {
  const where = { status: { in: WAITING }, receivedAt: { lt: new Date(now - STUCK_THRESHOLD_MS) } }
  const [count, oldest] = await Promise.all([
    db.stripeEvent.count({ where }),
    db.stripeEvent.findFirst({ where, orderBy: { receivedAt: 'asc' }, select: summary }),
  ])
  return { count, oldest, thresholdMs: STUCK_THRESHOLD_MS }
}

/** The oldest event not yet processed (received, queued or failed); null when the ledger is all caught up. */
export function oldestUnprocessedEvent(): Promise<LedgerEventSummary | null> {
  return db.stripeEvent.findFirst({ where: { status: { in: UNPROCESSED } }, orderBy: { receivedAt: 'asc' }, select: summary })
}

export type AutomaticRetries = { pending: number; nextDueAt: Date | null; exhausted: number; limit: number }

/** Failed events the reconciler will re-run on its own (and when the next is due), and those past the limit. */
export async function automaticRetries(): Promise<AutomaticRetries> {
  const pendingWhere = { status: 'failed', autoRetries: { lt: AUTO_RETRY_LIMIT } }
  const [pending, next, exhausted] = await Promise.all([
    db.stripeEvent.count({ where: pendingWhere }),
    db.stripeEvent.findFirst({ where: { ...pendingWhere, nextRetryAt: { not: null } }, orderBy: { nextRetryAt: 'asc' }, select: { nextRetryAt: true } }),
    db.stripeEvent.count({ where: { status: 'failed', autoRetries: { gte: AUTO_RETRY_LIMIT } } }),
  ])
  return { pending, nextDueAt: next?.nextRetryAt ?? null, exhausted, limit: AUTO_RETRY_LIMIT }
}

export type LastReconciliation = {
  /** When the walk of Stripe's events list last moved its checkpoint, and the Stripe time it has reached. */
  checkpoint: { updatedAt: Date; reachedAt: Date | null } | null
  /** The newest drift found, and what the same pass found with it (drift found within an hour before it). */
  latestDrift: { foundAt: Date; fields: number; repaired: number; unrepaired: number; source: string } | null
  /** Drift found in the last 24 hours. */
  lastDay: { fields: number; unrepaired: number }
}

const HOUR_MS = 60 * 60_000

/**
 * What the last reconciliation did, from what it stores: ReconcileCheckpoint (moved by every walk that saw events)
 * and BillingDrift (one row per field it found different). A run that found nothing stores no drift, so "latest
 * drift" may be older than the last run; the page says both.
 */
export async function lastReconciliation(now = Date.now()): Promise<LastReconciliation> {
  const [checkpoint, newest, lastDayFields, lastDayUnrepaired] = await Promise.all([
    db.reconcileCheckpoint.findUnique({ where: { id: 'stripe-events' }, select: { updatedAt: true, cursorAt: true } }),
    db.billingDrift.findFirst({ orderBy: { foundAt: 'desc' }, select: { foundAt: true, source: true } }),
    db.billingDrift.count({ where: { foundAt: { gte: new Date(now - 24 * HOUR_MS) } } }),
    db.billingDrift.count({ where: { foundAt: { gte: new Date(now - 24 * HOUR_MS) }, repaired: false } }),
  ])
  let latestDrift: LastReconciliation['latestDrift'] = null
  if (newest) {
    const pass = { foundAt: { gt: new Date(newest.foundAt.getTime() - HOUR_MS), lte: newest.foundAt } }
    const [fields, repaired] = await Promise.all([db.billingDrift.count({ where: pass }), db.billingDrift.count({ where: { ...pass, repaired: true } })])
    latestDrift = { foundAt: newest.foundAt, fields, repaired, unrepaired: fields - repaired, source: newest.source }
  }
  return {
    checkpoint: checkpoint ? { updatedAt: checkpoint.updatedAt, reachedAt: checkpoint.cursorAt } : null,
    latestDrift,
    lastDay: { fields: lastDayFields, unrepaired: lastDayUnrepaired },
  }
}

/** How far back the health page counts events in another API version. */
export const VERSION_WINDOW_MS = 24 * HOUR_MS

export type ApiVersions = {
  /** The version the app pins (STRIPE_API_VERSION), which the webhook endpoint should send. */
  pinned: string
  /** Events recorded in another version over the window, how many of each version (most first). */
  window: { sinceMs: number; count: number; byVersion: { version: string; count: number }[] }
  /** The newest event in another version, however old: after the endpoint is aligned, it says since when. */
  newest: { id: string; type: string; apiVersion: string | null; receivedAt: Date } | null
}

/**
 * Events that arrived in another API version than the pinned one (StripeEvent.versionMismatch, set when recorded).
 * The count and the versions are read from the index [versionMismatch, receivedAt, apiVersion] alone, over
 * the window's flagged entries only, none once the endpoint is aligned; the latest is one backward seek (decision 0044).
 */
export async function apiVersions(now = Date.now()): Promise<ApiVersions> {
  const where = { versionMismatch: true, receivedAt: { gte: new Date(now - VERSION_WINDOW_MS) } }
  const [count, groups, newest] = await Promise.all([
    db.stripeEvent.count({ where }),
    db.stripeEvent.groupBy({ by: ['apiVersion'], where, _count: { _all: true } }),
    db.stripeEvent.findFirst({ where: { versionMismatch: true }, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }], select: { id: true, type: true, apiVersion: true, receivedAt: true } }),
  ])
  const byVersion = groups.map((g) => ({ version: g.apiVersion ?? 'unknown', count: g._count._all })).sort((a, b) => b.count - a.count || a.version.localeCompare(b.version))
  return { pinned: STRIPE_API_VERSION, window: { sinceMs: VERSION_WINDOW_MS, count, byVersion }, newest }
}

export type LedgerHealth = {
  /** The moment the figures describe. */
  at: Date
  failed: FailedEvents
  stuck: StuckEvents
  oldestUnprocessed: LedgerEventSummary | null
  retries: AutomaticRetries
  reconciliation: LastReconciliation
  versions: ApiVersions
  /** The full comparison of Stripe's subscriptions (decision 0043): the one running, the last one finished. */
  sweeps: SweepStatus
}

/** Everything /admin shows, in one call. */
export async function ledgerHealth(now = Date.now()): Promise<LedgerHealth> {
  const [failed, stuck, oldestUnprocessed, retries, reconciliation, versions, sweeps] = await Promise.all([
    failedEvents(),
    stuckEvents(now),
    oldestUnprocessedEvent(),
    automaticRetries(),
    lastReconciliation(now),
    apiVersions(now),
    sweepStatus(now),
  ])
  return { at: new Date(now), failed, stuck, oldestUnprocessed, retries, reconciliation, versions, sweeps }
}
