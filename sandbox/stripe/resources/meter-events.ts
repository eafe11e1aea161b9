// Meter events (https://docs.stripe.com/api/billing/meter-event) and their adjustments
// (https://docs.stripe.com/api/billing/meter-event-adjustment), the usage a meter counts, and the event summaries
// that read it back (https://docs.stripe.com/api/billing/meter-event-summary). Stripe "processes meter events
// asynchronously, so aggregated usage in meter event summaries and on upcoming invoices might not immediately reflect
// recently received meter events" (https://docs.stripe.com/billing/subscriptions/usage-based/recording-usage-api):
// here an event counts AGGREGATION_DELAY seconds after it arrived, on the clock of the customer it maps to, so a test
// waits for usage the way an integration must, and a test clock's advance aggregates it. What the request alone
// decides is answered at once (the timestamp window, a repeated identifier); what needs the account (the meter, the
// customer, the value under the meter's key) is decided asynchronously and reported, never answered (decision 0059).
import { randomUUID } from 'node:crypto'
import type Stripe from 'stripe'
import { clockOfCustomer } from '../core/clock-scope'
import type { Core, StoredMeterEvent } from '../core/core'
import { newId } from '../core/ids'
import { schedule, unschedule } from '../core/scheduled-work'
import { days } from '../core/time'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { listOf, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { activeMeterFor, requireMeter } from './meters'

/**
 * Seconds between an event's arrival and its counting. Stripe documents no figure, only that aggregation is
 * asynchronous; a minute keeps "instant totals" out of every test while a one-day clock advance covers it.
 */
export const AGGREGATION_DELAY = 60

/**
 * Work due when Stripe has processed events (AGGREGATION_DELAY after arrival, on their clock), run by
 * flows/usage-processing.ts: a rejected event is reported (one piece of work each: rejections are rare), and a
 * customer's usage on a meter is checked against the alerts once its latest event counts (one piece of work per
 * customer and meter, moved on by each new event, so a burst of 100,000 events leaves one, not 100,000). Only
 * scheduled when a runner is registered: a bare account (a unit test) has none.
 */
export const METER_EVENT_REJECTED = 'meter-event-rejected'
export const METER_USAGE_PROCESSED = 'meter-usage-processed'

function scheduleProcessing(core: Core, key: string, stored: StoredMeterEvent): void {
  const at = stored.receivedAt + AGGREGATION_DELAY
  if (stored.rejected !== null) {
    if (core.workRunners.has(METER_EVENT_REJECTED)) schedule(core, { at, kind: METER_EVENT_REJECTED, subject: key, clock: stored.clock })
    return
  }
  if (!core.workRunners.has(METER_USAGE_PROCESSED) || stored.meter === null || stored.customer === null) return
  const subject = `${stored.meter}@${stored.customer}`
  unschedule(core, METER_USAGE_PROCESSED, subject)
  schedule(core, { at, kind: METER_USAGE_PROCESSED, subject, clock: stored.clock, data: { meter: stored.meter, customer: stored.customer } })
}

/** "Must be within the past 35 calendar days or up to 5 minutes in the future" (https://docs.stripe.com/api/billing/meter-event/create). */
const OLDEST = days(35)
const FUTURE = 5 * 60

/** "We will enforce uniqueness within a rolling period of at least 24 hours" (same page, `identifier`). */
const IDENTIFIER_WINDOW = days(1)

/** `event_name` and `identifier`: "Max length: 100" (same page). */
const MAX_NAME = 100

/** "You can only cancel events within 24 hours of Stripe receiving them" (https://docs.stripe.com/api/billing/meter-event-adjustment/create). */
const CANCEL_WINDOW = days(1)

/** The payload key a meter reads the customer from when it names none: `stripe_customer_id` (the Meter object's default). */
const DEFAULT_CUSTOMER_KEY = 'stripe_customer_id'

/** The time of the clock a customer lives on (its test clock's frozen time, else the account's). */
function nowFor(core: Core, customer: string | null): number {
  return core.onClock(customer === null ? null : clockOfCustomer(core, customer), () => core.now())
}

/**
 * What Stripe's asynchronous processing decides about an event: the meter it counts for, the customer, the value,
 * or the error report code that rejects it (the codes of `v1.billing.meter.error_report_triggered`). "The numerical
 * usage value in the payload only accepts whole number values"
 * (https://docs.stripe.com/billing/subscriptions/usage-based/recording-usage-api, Usage values); a meter that
 * counts (`count`) ignores the value.
 */
function process(core: Core, eventName: string, payload: Record<string, string>): Pick<StoredMeterEvent, 'meter' | 'customer' | 'value' | 'rejected'> {
  const meter = activeMeterFor(core, eventName)
  const inactive = meter ? undefined : [...core.meters.values()].find((m) => m.event_name === eventName)
  const customerKey = (meter ?? inactive)?.customer_mapping.event_payload_key ?? DEFAULT_CUSTOMER_KEY
  const customer = payload[customerKey] ?? null
  const base = { meter: meter?.id ?? null, customer, value: 0 }
  if (!meter) return { ...base, rejected: inactive ? 'archived_meter' : 'no_meter' }
  if (customer === null) return { ...base, rejected: 'meter_event_no_customer_defined' }
  if (!core.customers.has(customer) || core.deletedCustomers.has(customer)) return { ...base, rejected: 'meter_event_customer_not_found' }
  if (meter.default_aggregation.formula === 'count') return { ...base, value: 1, rejected: null }
  const raw = payload[meter.value_settings.event_payload_key]
  if (raw === undefined || !/^-?\d+$/.test(raw.trim())) return { ...base, rejected: 'meter_event_invalid_value' }
  if (raw.trim().replace('-', '').length > 15) return { ...base, rejected: 'meter_event_value_too_many_digits' }
  return { ...base, value: Number(raw.trim()), rejected: null }
}

export function readPayload(params: Params): Record<string, string> {
  const payload = read.optionalObject(params, 'payload')
  if (!payload) throw invalid('Missing required param: payload.', 'payload', 'parameter_missing')
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value !== 'string') throw invalid(`Invalid string: ${JSON.stringify(value)}`, `payload[${key}]`, 'parameter_invalid_string')
    out[key] = value
  }
  return out
}

export function limited(value: string, param: string): string {
  if (value.length > MAX_NAME) throw invalid(`Invalid ${param}: must be at most ${MAX_NAME} characters`, param, 'parameter_invalid_string')
  return value
}

export type Incoming = { eventName: string; payload: Record<string, string>; identifier: string; timestamp: number | undefined }

/**
 * Records one event. `sync` (v1 `POST /v1/billing/meter_events`, v2 `POST /v2/billing/meter_events`: "validated
 * synchronously, but processed asynchronously") refuses a timestamp outside the window and a repeated identifier;
 * `async` (the v2 stream: "processed asynchronously, including validation") accepts everything, drops a repeated
 * identifier and reports a timestamp outside the window through the error report. Returns null for a dropped one.
 */
export function recordMeterEvent(core: Core, incoming: Incoming, mode: 'sync' | 'async'): Stripe.Billing.MeterEvent | null {
  const { eventName, payload, identifier } = incoming
  let outcome = process(core, eventName, payload)
  // The clock of the customer the payload names, when the account holds it: its events are stamped, checked and
  // aggregated on that clock's time (decision 0059).
  const clock = outcome.customer !== null && core.customers.has(outcome.customer) ? clockOfCustomer(core, outcome.customer) : null
  const now = core.onClock(clock, () => core.now())
  const timestamp = incoming.timestamp ?? now
  const windowError = timestamp < now - OLDEST ? 'timestamp_too_far_in_past' : timestamp > now + FUTURE ? 'timestamp_in_future' : null
  if (windowError && mode === 'sync') {
    const message = windowError === 'timestamp_in_future' ? 'The timestamp must not be more than 5 minutes in the future.' : 'The timestamp must be within the past 35 calendar days.'
    throw invalid(message, 'timestamp', windowError)
  }
  if (windowError) outcome = { ...outcome, value: 0, rejected: windowError }
  const seen = core.meterEventIdentifiers.get(identifier)
  const previous = seen === undefined ? undefined : core.meterEvents.get(seen)
  // Stripe answers a repeated identifier "An event already exists with identifier <id>." (400 invalid_request_error,
  // as quoted from a live answer in langfuse/langfuse#16292); counted on the account's clock, where Stripe keeps it.
  if (previous && core.accountNow() - previous.event.created < IDENTIFIER_WINDOW) {
    if (mode === 'async') return null
    throw invalid(`An event already exists with identifier ${identifier}.`, 'identifier')
  }
  const event: Stripe.Billing.MeterEvent = { object: 'billing.meter_event', created: core.accountNow(), event_name: eventName, identifier, livemode: false, payload, timestamp }
  const key = newId('mtrevt_')
  const stored: StoredMeterEvent = { event, receivedAt: now, clock, canceledAt: null, ...outcome }
  core.meterEvents.set(key, stored)
  core.meterEventIdentifiers.set(identifier, key)
  scheduleProcessing(core, key, stored)
  return event
}

export function createMeterEvent(core: Core, params: Params): Stripe.Billing.MeterEvent {
  const eventName = limited(read.requiredString(params, 'event_name'), 'event_name')
  const payload = readPayload(params)
  const identifier = limited(read.optionalString(params, 'identifier') ?? randomUUID(), 'identifier')
  const timestamp = read.optionalInteger(params, 'timestamp')
  return recordMeterEvent(core, { eventName, payload, identifier, timestamp }, 'sync') as Stripe.Billing.MeterEvent
}

/**
 * "Specifies which event to cancel" (`cancel[identifier]`, required when `type` is `cancel`); only within 24 hours of
 * Stripe receiving the event. The adjustment is answered `pending` and, like the event, counts after the delay. An
 * identifier the account never received, or one of another event name, is refused here: the words are the sandbox's.
 */
function createAdjustment(core: Core, params: Params): Stripe.Billing.MeterEventAdjustment {
  const eventName = read.requiredString(params, 'event_name')
  const cancel = read.optionalObject(params, 'cancel')
  const identifier = cancel && read.optionalString(cancel, 'identifier', 'cancel[identifier]')
  if (!identifier) throw invalid('Missing required param: cancel[identifier].', 'cancel[identifier]', 'parameter_missing')
  cancelMeterEvent(core, eventName, identifier, 'cancel[identifier]')
  return { object: 'billing.meter_event_adjustment', cancel: { identifier }, event_name: eventName, livemode: false, status: 'pending', type: 'cancel' }
}

/** Cancels a received event (v1 and v2 adjustments), counted out once the adjustment is processed. */
export function cancelMeterEvent(core: Core, eventName: string, identifier: string, param: string): void {
  const key = core.meterEventIdentifiers.get(identifier)
  const stored = key === undefined ? undefined : core.meterEvents.get(key)
  if (!stored || stored.event.event_name !== eventName) throw noSuch('billing.meter_event', identifier, param)
  if (core.accountNow() - stored.event.created > CANCEL_WINDOW) {
    throw invalid('Meter events can only be canceled within 24 hours of Stripe receiving them.', param)
  }
  if (stored.canceledAt === null) stored.canceledAt = nowFor(core, stored.customer)
}

/** Whether Stripe's asynchronous processing has counted an event by `now` (on its customer's clock). */
function counted(stored: StoredMeterEvent, now: number): boolean {
  if (stored.rejected !== null || stored.receivedAt + AGGREGATION_DELAY > now) return false
  return stored.canceledAt === null || stored.canceledAt + AGGREGATION_DELAY > now
}

/** A customer's events on a meter that Stripe has counted by now (on the customer's clock). */
function countedEvents(core: Core, meterId: string, customerId: string): StoredMeterEvent[] {
  const now = nowFor(core, customerId)
  return [...core.meterEvents.values()].filter((stored) => stored.meter === meterId && stored.customer === customerId && counted(stored, now))
}

function aggregate(formula: string, events: StoredMeterEvent[], start: number, end: number): number {
  let total = 0
  let last: StoredMeterEvent | undefined
  for (const stored of events) {
    if (stored.event.timestamp < start || stored.event.timestamp >= end) continue
    total += stored.value
    if (!last || stored.event.timestamp >= last.event.timestamp) last = stored
  }
  return formula === 'last' ? (last?.value ?? 0) : total
}

/**
 * The meter's aggregation (sum, count, last) of a customer's events with `start <= timestamp < end` that Stripe has
 * aggregated by now on the customer's clock; canceled events are out once their adjustment is processed.
 */
export function aggregatedUsage(core: Core, q: { meterId: string; customerId: string; start: number; end: number }): number {
  const meter = requireMeter(core, q.meterId)
  return aggregate(meter.default_aggregation.formula, countedEvents(core, meter.id, q.customerId), q.start, q.end)
}

const HOUR = 3600

/**
 * Summaries: `start_time` and `end_time` "must be aligned with minute boundaries"; with `value_grouping_window`
 * "for hourly granularity, start and end times must align with hour boundaries … for daily granularity, … with UTC
 * day boundaries (00:00 UTC)"; without it, one summary for the whole range
 * (https://docs.stripe.com/api/billing/meter-event-summary/list). Newest window first, as lists are.
 */
function listSummaries(core: Core, meterId: string, params: Params) {
  const meter = requireMeter(core, meterId)
  const customer = read.requiredString(params, 'customer')
  if (!core.customers.has(customer)) throw noSuch('customer', customer, 'customer')
  const start = read.optionalInteger(params, 'start_time')
  const end = read.optionalInteger(params, 'end_time')
  if (start === undefined) throw invalid('Missing required param: start_time.', 'start_time', 'parameter_missing')
  if (end === undefined) throw invalid('Missing required param: end_time.', 'end_time', 'parameter_missing')
  const window = read.oneOf(params, 'value_grouping_window', ['day', 'hour'] as const)
  const step = window === 'day' ? days(1) : window === 'hour' ? HOUR : 60
  const unit = window ?? 'minute'
  for (const [param, value] of [['start_time', start], ['end_time', end]] as const) {
    if (value % step !== 0) throw invalid(`${param} must be aligned with ${unit} boundaries.`, param)
  }
  if (end <= start) throw invalid('end_time must be after start_time.', 'end_time')
  const events = countedEvents(core, meter.id, customer)
  const windows: [number, number][] = []
  if (window) for (let at = start; at < end; at += step) windows.push([at, at + step])
  else windows.push([start, end])
  const summaries: Stripe.Billing.MeterEventSummary[] = windows.reverse().map(([from, to]) => ({
    id: `mtrusg_${Buffer.from(`${meter.id}:${customer}:${from}:${to}`).toString('base64url')}`,
    object: 'billing.meter_event_summary',
    aggregated_value: aggregate(meter.default_aggregation.formula, events, from, to),
    end_time: to,
    livemode: false,
    meter: meter.id,
    start_time: from,
  }))
  return listOf(summaries, params, `/v1/billing/meters/${meter.id}/event_summaries`)
}

export const meterEventRoutes: ApiRoute[] = [
  { method: 'POST', path: '/v1/billing/meter_events', params: ['event_name', 'payload', 'identifier', 'timestamp'], handle: ({ core, params }) => createMeterEvent(core, params) },
  { method: 'POST', path: '/v1/billing/meter_event_adjustments', params: ['event_name', 'type', 'cancel'], handle: ({ core, params }) => createAdjustment(core, params) },
  {
    method: 'GET',
    path: '/v1/billing/meters/:id/event_summaries',
    params: ['customer', 'start_time', 'end_time', 'value_grouping_window', ...PAGINATION],
    handle: ({ core, params, args: [id = ''] }) => listSummaries(core, id, params),
  },
]
