// What Stripe does once it has processed meter events (resources/meter-events.ts schedules it, AGGREGATION_DELAY
// after arrival, on the customer's clock): a customer's processed usage may cross a usage alert's threshold
// (resources/billing-alerts.ts); a rejected event is reported. "Occurs when a Meter has invalid async usage events"
// (`v1.billing.meter.error_report_triggered`) and, for events no meter counts, `v1.billing.meter.no_meter_found`
// (https://docs.stripe.com/api/v2/core/events/event-types). Both are v2 "thin" events, which Stripe sends only to
// event destinations; the sandbox keeps them and serves them at `GET /v2/core/events` (door/v2-events.ts) rather than
// posting them to the v1 webhook endpoint, which never receives them at Stripe (decision 0060). One report per
// rejected event: Stripe's own reports gather a validation window's errors, which the sandbox does not batch.
import type { Core, ScheduledWork, StoredMeterEvent } from '../core/core'
import { newId } from '../core/ids'
import { registerWork } from '../core/scheduled-work'
import { checkUsageAlerts } from '../resources/billing-alerts'
import { METER_EVENT_REJECTED, METER_USAGE_PROCESSED } from '../resources/meter-events'

/** The developer message of each error code: the sandbox's words (Stripe documents the codes, not the messages). */
const MESSAGES: Record<string, string> = {
  archived_meter: 'The meter for this event name is inactive.',
  meter_event_customer_not_found: 'No customer matches the customer mapping of the event.',
  meter_event_invalid_value: 'The value in the event payload is not a whole number.',
  meter_event_no_customer_defined: 'The event payload has no value under the meter’s customer mapping key.',
  meter_event_value_too_many_digits: 'The value in the event payload has too many digits.',
  no_meter: 'No active meter has this event name.',
}

function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

function report(core: Core, stored: StoredMeterEvent, code: string): void {
  const meter = stored.meter ?? [...core.meters.values()].find((candidate) => candidate.event_name === stored.event.event_name)?.id ?? null
  const message = MESSAGES[code] ?? code
  const noMeter = code === 'no_meter'
  core.v2Events.push({
    id: newId('evt_'),
    object: 'v2.core.event',
    type: noMeter ? 'v1.billing.meter.no_meter_found' : 'v1.billing.meter.error_report_triggered',
    created: isoTime(core.now()),
    livemode: false,
    context: null,
    reason: null,
    related_object: noMeter || meter === null ? null : { id: meter, type: 'billing.meter', url: `/v1/billing/meters/${meter}` },
    data: {
      developer_message_summary: `1 meter event was rejected: ${message}`,
      reason: { error_count: 1, error_types: [{ code, error_count: 1, sample_errors: [{ error_message: message, request: { identifier: stored.event.identifier } }] }] },
      validation_start: isoTime(stored.receivedAt),
      validation_end: isoTime(core.now()),
    },
  })
}

function rejected(core: Core, work: ScheduledWork): void {
  const stored = core.meterEvents.get(work.subject)
  if (stored?.rejected) report(core, stored, stored.rejected)
}

function usageProcessed(core: Core, work: ScheduledWork): void {
  checkUsageAlerts(core, String(work.data.meter), String(work.data.customer))
}

export function registerUsageProcessing(core: Core): void {
  registerWork(core, METER_EVENT_REJECTED, rejected)
  registerWork(core, METER_USAGE_PROCESSED, usageProcessed)
}
