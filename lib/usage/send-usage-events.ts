import 'server-only'
import Stripe from 'stripe'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { claimUsageEvents, markCancelSent, markFailed, markSent, release, type ClaimedEvent } from './claim-usage-events'
import { testClockTimes } from './customer-clocks'
import { takeMeterEventSlots } from './meter-event-budget'
import { requireCatalogMeter } from './meters'
import { stripeIdentifierOf } from './stripe-identifier'

export type SendOptions = {
  /** Events claimed at once: a second's worth at the configured rate is a good size. */
  batchSize: number
  /** Meter events per second, across every instance (takeMeterEventSlots). */
  perSecond: number
  /** How long a claim holds; long enough for a batch to be sent at `perSecond`, with room for retries. */
  leaseMs?: number
}

export type SendResult = { claimed: number; sent: number; cancelled: number; failed: number; released: number }

/** "Must be within the past 35 calendar days" (https://docs.stripe.com/api/billing/meter-event/create#create_billing_meter_event-timestamp). */
export const STRIPE_TIMESTAMP_WINDOW_MS = 35 * 24 * 60 * 60 * 1000
/** "You can only cancel events within 24 hours of Stripe receiving them" (https://docs.stripe.com/api/billing/meter-event-adjustment/create). */
export const STRIPE_CANCEL_WINDOW_MS = 24 * 60 * 60 * 1000
/** Customer × meter pairs sent in parallel; each pair's events go one at a time ("one concurrent call per customer per meter", recording-usage-api#rate-limits). */
const PAIRS_IN_FLIGHT = 16

/**
 * Sends one batch of recorded usage to Stripe: claims it (a lease in the database, so two senders never hold the
 * same row), posts each event to /v1/billing/meter_events with its identifier (Stripe drops a second copy, so a row
 * re-sent after a crash counts once) under an idempotency key, posts a meter event adjustment for each cancelled
 * one already sent, and marks what happened. Unreachable or rate-limited: the rows go back for the next run.
 * Refused by Stripe (400): kept as failed with Stripe's message.
 */
export async function sendUsageBatch(stripe: Stripe, options: SendOptions, now = new Date()): Promise<SendResult> {
  const leaseMs = options.leaseMs ?? 60_000 + Math.ceil((options.batchSize / options.perSecond) * 2000)
  const { leaseId, events } = await claimUsageEvents(options.batchSize, leaseMs, now)
  const result: SendResult = { claimed: events.length, sent: 0, cancelled: 0, failed: 0, released: 0 }
  if (events.length === 0) return result

  const toSend: ClaimedEvent[] = []
  for (const event of events) {
    if (event.status === 'pending' && event.cancelRequestedAt) {
      await markFailed(leaseId, event.id, 'cancelled', null) // cancelled before it was sent: Stripe never hears of it
      result.cancelled += 1
    } else if (event.status === 'pending' && now.getTime() - event.createdAt.getTime() > STRIPE_TIMESTAMP_WINDOW_MS) {
      await markFailed(leaseId, event.id, 'failed', 'not sent within Stripe’s 35-day timestamp window')
      result.failed += 1
    } else if (event.status === 'sent' && event.sentAt && now.getTime() - event.sentAt.getTime() > STRIPE_CANCEL_WINDOW_MS) {
      await markFailed(leaseId, event.id, 'cancel_refused', 'Stripe cancels a meter event only within 24 hours of receiving it')
      result.failed += 1
    } else if (!event.organization.stripeCustomerId) {
      await markFailed(leaseId, event.id, 'failed', 'the organization has no Stripe customer')
      result.failed += 1
    } else toSend.push(event)
  }

  const clocks = await testClockTimes(stripe, toSend.map((event) => event.organization.stripeCustomerId!))
  const permits = permitPool(toSend.length, options.perSecond)
  const sentIds: string[] = []
  const cancelSentIds: string[] = []
  const pairs = groupBy(toSend, (event) => `${event.organizationId}\0${event.meterKey}`)
  await inParallel(pairs, PAIRS_IN_FLIGHT, async (pair) => {
    for (const [index, event] of pair.entries()) {
      await permits.take()
      const outcome = await sendOne(stripe, event, clocks.get(event.organization.stripeCustomerId!))
      if (outcome.kind === 'done') (event.status === 'sent' ? cancelSentIds : sentIds).push(event.id)
      else if (outcome.kind === 'refused') {
        await markFailed(leaseId, event.id, event.status === 'sent' ? 'cancel_refused' : 'failed', outcome.message)
        result.failed += 1
      } else {
        // Keep the pair's order: the rest of it waits for the next run with this one.
        const rest = pair.slice(index).map((e) => e.id)
        await release(leaseId, rest, outcome.message)
        result.released += rest.length
        return
      }
    }
  })
  result.sent = await markSent(leaseId, sentIds)
  result.cancelled += await markCancelSent(leaseId, cancelSentIds)
  return result
}

type Outcome = { kind: 'done' } | { kind: 'refused' | 'retry'; message: string }

async function sendOne(stripe: Stripe, event: ClaimedEvent, clockTime: number | undefined): Promise<Outcome> {
  const meter = requireCatalogMeter(event.meterKey)
  const identifier = stripeIdentifierOf(event)
  try {
    if (event.status === 'sent') {
      // https://docs.stripe.com/api/billing/meter-event-adjustment/create
      await withIdempotencyKey(`tollgate:meter-event-cancel:${identifier}`, ({ key }) =>
        stripe.billing.meterEventAdjustments.create({ event_name: meter.eventName, type: 'cancel', cancel: { identifier } }, { idempotencyKey: key }),
      )
    } else {
      // https://docs.stripe.com/api/billing/meter-event/create: the payload's keys are the meter's defaults
      // (customer_mapping stripe_customer_id, value_settings value), as lib/billing/sync-catalog.ts creates it.
      await withIdempotencyKey(`tollgate:meter-event:${identifier}`, ({ key }) =>
        stripe.billing.meterEvents.create(
          {
            event_name: meter.eventName,
            identifier,
            // On a test clock, never after the clock's time: Stripe would refuse it as in the future.
            timestamp: Math.min(Math.floor(event.occurredAt.getTime() / 1000), clockTime ?? Infinity),
            payload: { stripe_customer_id: event.organization.stripeCustomerId!, value: String(event.value) },
          },
          { idempotencyKey: key },
        ),
      )
    }
    return { kind: 'done' }
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      // Stripe already has an event with this identifier: an earlier send got through and its answer was lost.
      if (isDuplicateIdentifier(error)) return { kind: 'done' }
      return { kind: 'refused', message: error.message }
    }
    return { kind: 'retry', message: error instanceof Error ? error.message : String(error) }
  }
}

const isDuplicateIdentifier = (error: Stripe.errors.StripeInvalidRequestError) => error.param === 'identifier' && /already|duplicate|exists/i.test(error.message)

/** Hands out send permits, taking them from the shared per-second budget as needed. */
function permitPool(total: number, perSecond: number) {
  let left = total
  let held = 0
  let refill: Promise<void> | null = null
  return {
    async take(): Promise<void> {
      while (held === 0) {
        refill ??= takeMeterEventSlots(Math.max(1, left), perSecond).then((granted) => {
          held += granted
          refill = null
        })
        await refill
      }
      held -= 1
      left -= 1
    },
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return [...groups.values()]
}

async function inParallel<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!)
  })
  await Promise.all(workers)
}
