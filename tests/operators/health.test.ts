import { beforeEach, describe, expect, it } from 'vitest'
import { daysAgo, insertLedgerRows, minutesAgo, PINNED_VERSION } from './ledger-rows'

const { db } = await import('@/lib/db')
const { ledgerHealth, STUCK_THRESHOLD_MS, VERSION_WINDOW_MS } = await import('@/lib/operators/health')
const { claimSweepLease, finishSweepLease, SWEEP_LEASE_MS } = await import('@/lib/reconcile/sweep-lease')
const { STRIPE_API_VERSION } = await import('@/lib/stripe/client')
const { AUTO_RETRY_LIMIT } = await import('@/lib/webhooks/ledger')

const now = Date.now()

beforeEach(async () => {
  await db.stripeEvent.deleteMany()
  await db.billingDrift.deleteMany()
  await db.reconcileCheckpoint.deleteMany()
})

describe('the health of the ledger', () => {
  it('counts failed events, names the oldest and groups them by type, most first', async () => {
    await insertLedgerRows(db, [
      { id: 'evt_failed_new', type: 'invoice.paid', status: 'failed', receivedAt: minutesAgo(10, now), lastError: 'Error: boom', nextRetryAt: new Date(now + 3_600_000) },
      { id: 'evt_failed_old', type: 'customer.subscription.updated', status: 'failed', receivedAt: daysAgo(2, now), lastError: 'Error: database is locked', autoRetries: AUTO_RETRY_LIMIT },
      { id: 'evt_failed_mid', type: 'customer.subscription.updated', status: 'failed', receivedAt: daysAgo(1, now), autoRetries: 2, nextRetryAt: new Date(now + 60_000) },
      { id: 'evt_fine', status: 'processed', receivedAt: daysAgo(3, now) },
    ])

    const health = await ledgerHealth(now)

    expect(health.failed.count).toBe(3)
    expect(health.failed.oldest).toMatchObject({ id: 'evt_failed_old', lastError: 'Error: database is locked' })
    expect(health.failed.byType).toEqual([
      { type: 'customer.subscription.updated', count: 2 },
      { type: 'invoice.paid', count: 1 },
    ])
    expect(health.retries).toEqual({ pending: 2, nextDueAt: new Date(now + 60_000), exhausted: 1, limit: AUTO_RETRY_LIMIT })
  })

  it('calls received and queued events stuck only past the threshold, and finds the oldest unprocessed event', async () => {
    const justUnder = (STUCK_THRESHOLD_MS - 60_000) / 60_000
    const justOver = (STUCK_THRESHOLD_MS + 60_000) / 60_000
    await insertLedgerRows(db, [
      { id: 'evt_received_recent', status: 'received', receivedAt: minutesAgo(justUnder, now) },
      { id: 'evt_queued_stuck', status: 'queued', receivedAt: minutesAgo(justOver, now) },
      { id: 'evt_received_stuck', status: 'received', receivedAt: minutesAgo(justOver + 30, now) },
      { id: 'evt_failed_oldest', status: 'failed', receivedAt: daysAgo(1, now) },
      { id: 'evt_processed_older', status: 'processed', receivedAt: daysAgo(5, now) },
      { id: 'evt_ignored_older', status: 'ignored', receivedAt: daysAgo(6, now) },
    ])

    const health = await ledgerHealth(now)

    expect(health.stuck.count).toBe(2)
    expect(health.stuck.oldest?.id).toBe('evt_received_stuck')
    expect(health.oldestUnprocessed?.id).toBe('evt_failed_oldest')
  })

  it('an all-processed ledger has nothing failed, stuck or waiting', async () => {
    await insertLedgerRows(db, [{ id: 'evt_done', status: 'processed', receivedAt: daysAgo(1, now) }])

    const health = await ledgerHealth(now)

    expect(health.failed).toEqual({ count: 0, oldest: null, byType: [] })
    expect(health.stuck.count).toBe(0)
    expect(health.oldestUnprocessed).toBeNull()
    expect(health.reconciliation).toEqual({ checkpoint: null, latestDrift: null, lastDay: { fields: 0, unrepaired: 0 } })
    expect(health.versions).toEqual({ pinned: STRIPE_API_VERSION, window: { sinceMs: VERSION_WINDOW_MS, count: 0, byVersion: [] }, newest: null })
    expect(health.sweeps).toEqual({ running: null, lastFinished: null })
  })

  it('counts the events that arrived in another API version over the last day, by version, and names the latest', async () => {
    expect(PINNED_VERSION).toBe(STRIPE_API_VERSION) // the rows below are flagged against the pin, as the route does
    const withinDay = (VERSION_WINDOW_MS - 60_000) / 60_000
    await insertLedgerRows(db, [
      { id: 'evt_pinned', receivedAt: minutesAgo(5, now) },
      { id: 'evt_old_1', apiVersion: '2025-03-31.basil', receivedAt: minutesAgo(50, now) },
      { id: 'evt_old_2', apiVersion: '2025-03-31.basil', receivedAt: minutesAgo(withinDay, now), status: 'failed' },
      { id: 'evt_newer', type: 'invoice.paid', apiVersion: '2026-11-30.fig', receivedAt: minutesAgo(10, now) },
      { id: 'evt_old_last_week', apiVersion: '2024-06-20', receivedAt: daysAgo(3, now) },
    ])
    // Recorded while the app pinned that version: the flag says what was true on arrival, not against today's pin.
    await insertLedgerRows(db, [{ id: 'evt_under_old_pin', apiVersion: '2025-03-31.basil', receivedAt: minutesAgo(30, now) }])
    await db.stripeEvent.update({ where: { id: 'evt_under_old_pin' }, data: { versionMismatch: false } })

    const { versions } = await ledgerHealth(now)

    expect(versions.window).toEqual({
      sinceMs: VERSION_WINDOW_MS,
      count: 3,
      byVersion: [
        { version: '2025-03-31.basil', count: 2 },
        { version: '2026-11-30.fig', count: 1 },
      ],
    })
    expect(versions.newest).toEqual({ id: 'evt_newer', type: 'invoice.paid', apiVersion: '2026-11-30.fig', receivedAt: minutesAgo(10, now) })
  })

  it('past the window, the count is back to none and the latest one says since when', async () => {
    await insertLedgerRows(db, [{ id: 'evt_before_the_fix', apiVersion: '2025-03-31.basil', receivedAt: daysAgo(2, now) }, { id: 'evt_after_the_fix', receivedAt: minutesAgo(1, now) }])

    const { versions } = await ledgerHealth(now)

    expect(versions.window.count).toBe(0)
    expect(versions.newest).toMatchObject({ id: 'evt_before_the_fix', receivedAt: daysAgo(2, now) })
  })

  it('reports the full comparison running, abandoned past its lease, or finished', async () => {
    const claim = await claimSweepLease('daily', { now: now - 5 * 60_000 })
    if (claim.kind !== 'claimed') throw new Error(claim.why)
    expect((await ledgerHealth(now)).sweeps).toEqual({ running: { sweepId: claim.sweepId, reason: 'daily', lastPageAt: new Date(now - 5 * 60_000), abandoned: false }, lastFinished: null })
    expect((await ledgerHealth(now + SWEEP_LEASE_MS)).sweeps.running).toMatchObject({ abandoned: true })
    await finishSweepLease(claim.sweepId, now - 60_000)
    expect((await ledgerHealth(now)).sweeps).toEqual({ running: null, lastFinished: { sweepId: claim.sweepId, reason: 'daily', finishedAt: new Date(now - 60_000) } })
  })

  it('reports the last reconciliation: its checkpoint, the drift of its latest pass and what was left unrepaired', async () => {
    await db.reconcileCheckpoint.create({ data: { id: 'stripe-events', cursor: 'evt_cursor', cursorAt: minutesAgo(20, now) } })
    const drift = (foundAt: Date, field: string, repaired: boolean, source = 'events') => ({ subscriptionId: 'sub_1', customerId: 'cus_1', organizationId: null, field, was: 'a', now: 'b', foundAt, repaired, source })
    await db.billingDrift.createMany({
      data: [
        drift(daysAgo(3, now), 'status', true, 'sweep'),
        drift(minutesAgo(15, now), 'status', true),
        drift(minutesAgo(14, now), 'cancelAt', true),
        drift(minutesAgo(14, now), 'stripeQuantityVsMembers', false),
      ],
    })

    const { reconciliation } = await ledgerHealth(now)

    expect(reconciliation.checkpoint).toEqual({ updatedAt: expect.any(Date), reachedAt: minutesAgo(20, now) })
    expect(reconciliation.latestDrift).toEqual({ foundAt: minutesAgo(14, now), fields: 3, repaired: 2, unrepaired: 1, source: 'events' })
    expect(reconciliation.lastDay).toEqual({ fields: 3, unrepaired: 1 })
  })
})
