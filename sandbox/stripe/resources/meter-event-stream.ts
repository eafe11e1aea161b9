// The v2 meter event APIs (https://docs.stripe.com/api/v2/billing-meter, https://docs.stripe.com/api/v2/billing-meter-stream):
// `POST /v2/billing/meter_events` ("validated synchronously, but processed asynchronously"), its adjustments, and the
// high-throughput stream: a meter event session ("Authentication tokens are only valid for 15 minutes") whose token
// authenticates `POST /v2/billing/meter_event_stream` ("processed asynchronously, including validation … up to 100
// events per request"). v2 speaks JSON and ISO 8601 times; the events land where v1's do (resources/meter-events.ts),
// so summaries, invoices and alerts see them alike. The stream's limit (10,000 requests a second in live mode) is not
// the sandbox's: in test mode "calls to the meter event and meter event stream endpoint count toward the basic limit"
// (https://docs.stripe.com/billing/subscriptions/usage-based/recording-usage-api), the door's account limiter.
import { randomBytes, randomUUID } from 'node:crypto'
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { ApiError, invalid } from '../door/errors'
import type { Params } from '../door/form-encoding'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { cancelMeterEvent, limited, readPayload, recordMeterEvent } from './meter-events'

const SESSION_LIFETIME = 15 * 60
/** "Supports up to 100 events per request" (https://docs.stripe.com/api/v2/billing-meter-stream/create). */
const MAX_STREAM_EVENTS = 100

const iso = (seconds: number) => new Date(seconds * 1000).toISOString()

function readTime(params: Params, key: string, path: string): number | undefined {
  const value = read.optionalString(params, key, path)
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw invalid(`${path} must be an ISO 8601 timestamp.`, path)
  return Math.floor(ms / 1000)
}

function readEvent(params: Params, path = '') {
  const at = (key: string) => (path ? `${path}.${key}` : key)
  return {
    eventName: limited(read.requiredString(params, 'event_name', at('event_name')), at('event_name')),
    payload: readPayload(params),
    identifier: limited(read.optionalString(params, 'identifier', at('identifier')) ?? randomUUID(), at('identifier')),
    timestamp: readTime(params, 'timestamp', at('timestamp')),
  }
}

function v2Event(event: Stripe.Billing.MeterEvent): Stripe.V2.Billing.MeterEvent {
  return { object: 'v2.billing.meter_event', created: iso(event.created), event_name: event.event_name, identifier: event.identifier, livemode: false, payload: event.payload, timestamp: iso(event.timestamp) }
}

function createSession(core: Core): Stripe.V2.Billing.MeterEventSession {
  const now = core.accountNow()
  const token = `mes_auth_test_${randomBytes(24).toString('hex')}`
  core.meterEventSessions.set(token, now + SESSION_LIFETIME)
  return { id: newId('mes_'), object: 'v2.billing.meter_event_session', authentication_token: token, created: iso(now), expires_at: iso(now + SESSION_LIFETIME), livemode: false }
}

/** The stream takes a live session's token, not the API key; an expired one is Stripe's `temporary_session_expired`. */
function stream(core: Core, params: Params, authorization: string | null | undefined): object {
  const token = authorization?.match(/^Bearer (.+)$/)?.[1] ?? ''
  const expiresAt = core.meterEventSessions.get(token)
  if (expiresAt === undefined) throw new ApiError(401, 'invalid_request_error', 'Invalid meter event session token.')
  if (core.accountNow() >= expiresAt) {
    core.meterEventSessions.delete(token)
    throw new ApiError(401, 'temporary_session_expired', 'The temporary session token has expired.', 'billing_meter_event_session_expired')
  }
  const events = read.optionalArray(params, 'events')
  if (!events || events.length === 0) throw invalid('Missing required param: events.', 'events', 'parameter_missing')
  if (events.length > MAX_STREAM_EVENTS) throw invalid(`events supports up to ${MAX_STREAM_EVENTS} events per request.`, 'events')
  const parsed = events.map((entry, index) => readEvent(entry as Params, `events[${index}]`))
  for (const incoming of parsed) recordMeterEvent(core, incoming, 'async')
  return {}
}

function adjust(core: Core, params: Params): Stripe.V2.Billing.MeterEventAdjustment {
  const eventName = read.requiredString(params, 'event_name')
  read.oneOf(params, 'type', ['cancel'] as const)
  const cancel = read.optionalObject(params, 'cancel')
  const identifier = cancel && read.optionalString(cancel, 'identifier', 'cancel.identifier')
  if (!identifier) throw invalid('Missing required param: cancel.identifier.', 'cancel.identifier', 'parameter_missing')
  cancelMeterEvent(core, eventName, identifier, 'cancel.identifier')
  return { id: newId('mtradj_'), object: 'v2.billing.meter_event_adjustment', cancel: { identifier }, created: iso(core.accountNow()), event_name: eventName, livemode: false, status: 'pending', type: 'cancel' }
}

/** v2 routes: JSON bodies, served by the door beside (not through) the v1 contract. */
export const meterEventV2Routes: ApiRoute[] = [
  { method: 'POST', path: '/v2/billing/meter_events', params: [], handle: ({ core, params }) => v2Event(recordMeterEvent(core, readEvent(params), 'sync') as Stripe.Billing.MeterEvent) },
  { method: 'POST', path: '/v2/billing/meter_event_adjustments', params: [], handle: ({ core, params }) => adjust(core, params) },
  { method: 'POST', path: '/v2/billing/meter_event_session', params: [], handle: ({ core }) => createSession(core) },
  { method: 'POST', path: '/v2/billing/meter_event_stream', params: [], handle: ({ core, params, authorization }) => stream(core, params, authorization) },
]
