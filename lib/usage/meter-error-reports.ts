import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'
import { stripeIdentifierOf } from './stripe-identifier'

/**
 * The v2 events Stripe makes for meter events it rejected while processing them: "Occurs when a Meter has invalid
 * async usage events" and, for an event name no meter has, `no_meter_found`
 * (https://docs.stripe.com/api/v2/core/events/event-types). Stripe sends them only to event destinations as thin
 * events, never to a v1 webhook endpoint, so the app lists them (`GET /v2/core/events`,
 * https://docs.stripe.com/api/v2/core/events/list) on a schedule (decision 0060).
 */
export const METER_ERROR_EVENT_TYPES = ['v1.billing.meter.error_report_triggered', 'v1.billing.meter.no_meter_found'] as const

/** The checkpoint row (ReconcileCheckpoint) holding the newest report the walk has seen. */
const CHECKPOINT = 'meter-error-reports'

/** Newest first, one page of Stripe's maximum (100) at a time; a run stops after this many, the next goes on. */
const MAX_PER_RUN = 1000

/** How far around a report's validation window to look for the use it names (sends and Stripe's clock differ). */
const MATCH_MARGIN_MS = 10 * 60 * 1000

type ErrorEvent = Stripe.V2.Core.Events.V1BillingMeterErrorReportTriggeredEvent | Stripe.V2.Core.Events.V1BillingMeterNoMeterFoundEvent

export type ErrorReportWalk = { seen: number; recorded: number }

/**
 * Lists the meter error reports newer than the last one seen, records each once (unique on the event's id, so a
 * run that stops halfway and the next that lists the same events again record nothing twice), then moves the
 * checkpoint to the newest. The checkpoint moves only after the walk, so a failed run leaves it for the next.
 */
export async function recordMeterErrorReports(stripe: Stripe): Promise<ErrorReportWalk> {
  const checkpoint = await db.reconcileCheckpoint.findUnique({ where: { id: CHECKPOINT } })
  let newest: { id: string; created: string } | undefined
  let seen = 0
  let recorded = 0
  for await (const event of stripe.v2.core.events.list({ types: [...METER_ERROR_EVENT_TYPES], limit: 100 })) {
    if (event.id === checkpoint?.cursor || seen >= MAX_PER_RUN) break
    newest ??= { id: event.id, created: String(event.created) }
    seen++
    if (isErrorEvent(event) && (await recordReport(event))) recorded++
  }
  if (newest) {
    const data = { cursor: newest.id, cursorAt: new Date(newest.created) }
    await db.reconcileCheckpoint.upsert({ where: { id: CHECKPOINT }, create: { id: CHECKPOINT, ...data }, update: data })
  }
  return { seen, recorded }
}

const isErrorEvent = (event: Stripe.V2.Core.Event): event is ErrorEvent => (METER_ERROR_EVENT_TYPES as readonly string[]).includes(event.type)

/** The meter of the report; none for `no_meter_found`, whose event matched no meter (the type says so; the payload's null). */
const relatedMeterOf = (event: ErrorEvent): string | null => (event.type === 'v1.billing.meter.error_report_triggered' ? (event.related_object as { id: string } | null)?.id ?? null : null)

async function recordReport(event: ErrorEvent): Promise<boolean> {
  const { reason, validation_start, validation_end } = event.data
  const first = reason.error_types[0]
  const sample = first?.sample_errors[0]
  const identifier = sample?.request.identifier ?? null
  const use = identifier ? await findUse(identifier, new Date(validation_start), new Date(validation_end)) : null
  try {
    await db.meterErrorReport.create({
      data: {
        id: event.id,
        type: event.type,
        code: first?.code ?? 'unknown',
        message: sample?.error_message ?? 'Stripe gave no sample error.',
        errorCount: reason.error_count,
        meterId: relatedMeterOf(event),
        customerId: use?.customerId ?? null,
        organizationId: use?.organizationId ?? null,
        identifier,
        reportedAt: new Date(String(event.created)),
      },
    })
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}

/**
 * The app's use a rejected event stood for: Stripe's sample names only the event's `identifier`, which the app
 * derives from (organization, meter, the caller's identifier) and does not store (lib/usage/stripe-identifier.ts),
 * so it is matched among the uses sent around the report's validation window. Null for an event the app did not send.
 */
async function findUse(identifier: string, start: Date, end: Date): Promise<{ organizationId: string; customerId: string | null } | null> {
  const candidates = await db.usageEvent.findMany({
    where: { sentAt: { gte: new Date(start.getTime() - MATCH_MARGIN_MS), lte: new Date(end.getTime() + MATCH_MARGIN_MS) } },
    select: { organizationId: true, meterKey: true, identifier: true, organization: { select: { stripeCustomerId: true } } },
    take: 10_000,
  })
  const match = candidates.find((use) => stripeIdentifierOf(use) === identifier)
  return match ? { organizationId: match.organizationId, customerId: match.organization.stripeCustomerId } : null
}

/** For the operator console: the latest reports and how many came in the last day. */
export async function meterErrorReportsOverview(now = new Date(), take = 10) {
  const [latest, lastDay] = await Promise.all([
    db.meterErrorReport.findMany({ orderBy: [{ reportedAt: 'desc' }, { id: 'desc' }], take }),
    db.meterErrorReport.count({ where: { reportedAt: { gte: new Date(now.getTime() - 86_400_000) } } }),
  ])
  return { latest, lastDay }
}

export type MeterErrorReportsOverview = Awaited<ReturnType<typeof meterErrorReportsOverview>>
