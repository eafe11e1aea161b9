// Billing meters (https://docs.stripe.com/api/billing/meter): what usage is counted and how. A meter's event name,
// aggregation, customer mapping and value key are fixed at creation: the update endpoint takes `display_name` only,
// so Stripe answers any other field with `parameter_unknown` (the contract's check,
// https://docs.stripe.com/api/billing/meter/update). "Meters are immutable; create a new meter" is what the
// usage-based guide says of changing one (https://docs.stripe.com/billing/subscriptions/usage-based/meters/configure).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'

export type Meter = Stripe.Billing.Meter

/** "The name of the meter event to record usage for … Max length: 100" (https://docs.stripe.com/api/billing/meter/create). */
const MAX_EVENT_NAME = 100
/** "The meter’s name. Not visible to the customer. Max length: 250" (https://docs.stripe.com/api/billing/meter/create). */
const MAX_DISPLAY_NAME = 250
/** Payload keys: "Max length: 100" for `customer_mapping[event_payload_key]` and `value_settings[event_payload_key]`. */
const MAX_PAYLOAD_KEY = 100

const FORMULAS = ['count', 'last', 'sum'] as const
const WINDOWS = ['day', 'hour'] as const

export function requireMeter(core: Core, id: string, param?: string): Meter {
  const meter = core.meters.get(id)
  if (!meter) throw noSuch('billing.meter', id, param)
  return meter
}

/** The active meter that counts `eventName`, if any: event names are unique among active meters. */
export function activeMeterFor(core: Core, eventName: string): Meter | undefined {
  for (const meter of core.meters.values()) if (meter.status === 'active' && meter.event_name === eventName) return meter
  return undefined
}

function limited(value: string, max: number, param: string): string {
  if (value.length > max) throw invalid(`Invalid ${param}: must be at most ${max} characters`, param, 'parameter_invalid_string')
  return value
}

/**
 * "Each meter must have a unique `event_name` among your active meters" (the event name's description on
 * https://docs.stripe.com/api/billing/meter/create: "The name of the meter event to record usage for. Corresponds
 * with the event_name field on meter events."; the uniqueness is in
 * https://docs.stripe.com/billing/subscriptions/usage-based/meters/configure). The words are the sandbox's own.
 */
function refuseTakenEventName(core: Core, eventName: string, param?: string): void {
  const holder = activeMeterFor(core, eventName)
  if (holder) throw invalid(`An active meter (\`${holder.id}\`) already uses the event name \`${eventName}\`.`, param, 'resource_already_exists')
}

function create(core: Core, params: Params): Meter {
  const displayName = limited(read.requiredString(params, 'display_name'), MAX_DISPLAY_NAME, 'display_name')
  const eventName = limited(read.requiredString(params, 'event_name'), MAX_EVENT_NAME, 'event_name')
  const aggregation = read.optionalObject(params, 'default_aggregation')
  const formula = aggregation && read.oneOf(aggregation, 'formula', FORMULAS, 'default_aggregation[formula]')
  if (!formula) throw invalid('Missing required param: default_aggregation[formula].', 'default_aggregation[formula]', 'parameter_missing')
  const mapping = read.optionalObject(params, 'customer_mapping')
  const customerKey = mapping
    ? limited(read.requiredString(mapping, 'event_payload_key', 'customer_mapping[event_payload_key]'), MAX_PAYLOAD_KEY, 'customer_mapping[event_payload_key]')
    : 'stripe_customer_id'
  if (mapping) read.oneOf(mapping, 'type', ['by_id'] as const, 'customer_mapping[type]')
  const valueSettings = read.optionalObject(params, 'value_settings')
  const valueKey = valueSettings
    ? limited(read.requiredString(valueSettings, 'event_payload_key', 'value_settings[event_payload_key]'), MAX_PAYLOAD_KEY, 'value_settings[event_payload_key]')
    : 'value'
  if (customerKey === valueKey) throw invalid('The customer mapping and the value settings must use different payload keys.', 'value_settings[event_payload_key]')
  refuseTakenEventName(core, eventName, 'event_name')
  const now = core.accountNow()
  const meter: Meter = {
    id: newId('mtr_'),
    object: 'billing.meter',
    created: now,
    customer_mapping: { event_payload_key: customerKey, type: 'by_id' },
    default_aggregation: { formula },
    display_name: displayName,
    event_name: eventName,
    event_time_window: read.oneOf(params, 'event_time_window', WINDOWS) ?? null,
    livemode: false,
    status: 'active',
    status_transitions: { deactivated_at: null },
    updated: now,
    value_settings: { event_payload_key: valueKey },
  }
  core.meters.set(meter.id, meter)
  core.emit('billing.meter.created', meter)
  return meter
}

function update(core: Core, meter: Meter, params: Params): Meter {
  const displayName = params.display_name === undefined ? undefined : limited(read.requiredString(params, 'display_name'), MAX_DISPLAY_NAME, 'display_name')
  if (displayName !== undefined && displayName !== meter.display_name) {
    const previous = meter.display_name
    meter.display_name = displayName
    meter.updated = core.accountNow()
    core.emit('billing.meter.updated', meter, { display_name: previous })
  }
  return meter
}

/**
 * "When a meter is deactivated, no more meter events will be accepted for this meter" and "You can't attach a
 * deactivated meter to a price" (https://docs.stripe.com/api/billing/meter/deactivate). Deactivating an inactive
 * meter, or reactivating an active one, is refused: there is nothing to change (the words are the sandbox's own).
 */
function deactivate(core: Core, meter: Meter): Meter {
  if (meter.status !== 'active') throw invalid(`The meter \`${meter.id}\` is already inactive.`, undefined, 'meter_already_inactive')
  meter.status = 'inactive'
  meter.status_transitions = { deactivated_at: core.accountNow() }
  meter.updated = core.accountNow()
  core.emit('billing.meter.deactivated', meter, { status: 'active', status_transitions: { deactivated_at: null } })
  return meter
}

/** "When a meter is reactivated, events for this meter can be accepted" (https://docs.stripe.com/api/billing/meter/reactivate). */
function reactivate(core: Core, meter: Meter): Meter {
  if (meter.status === 'active') throw invalid(`The meter \`${meter.id}\` is already active.`, undefined, 'meter_already_active')
  refuseTakenEventName(core, meter.event_name)
  const deactivatedAt = meter.status_transitions.deactivated_at
  meter.status = 'active'
  meter.status_transitions = { deactivated_at: null }
  meter.updated = core.accountNow()
  core.emit('billing.meter.reactivated', meter, { status: 'inactive', status_transitions: { deactivated_at: deactivatedAt } })
  return meter
}

export const meterRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/billing/meters',
    params: ['default_aggregation', 'display_name', 'event_name', 'customer_mapping', 'event_time_window', 'value_settings'],
    handle: ({ core, params }) => create(core, params),
  },
  { method: 'GET', path: '/v1/billing/meters/:id', params: [], handle: ({ core, args: [id = ''] }) => requireMeter(core, id) },
  { method: 'POST', path: '/v1/billing/meters/:id', params: ['display_name'], handle: ({ core, params, args: [id = ''] }) => update(core, requireMeter(core, id), params) },
  { method: 'POST', path: '/v1/billing/meters/:id/deactivate', params: [], handle: ({ core, args: [id = ''] }) => deactivate(core, requireMeter(core, id)) },
  { method: 'POST', path: '/v1/billing/meters/:id/reactivate', params: [], handle: ({ core, args: [id = ''] }) => reactivate(core, requireMeter(core, id)) },
  {
    method: 'GET',
    path: '/v1/billing/meters',
    params: ['status', ...PAGINATION],
    handle: ({ core, params }) => {
      const status = read.oneOf(params, 'status', ['active', 'inactive'] as const)
      return listOf(
        newestFirst(core.meters).filter((meter) => status === undefined || meter.status === status),
        params,
        '/v1/billing/meters',
      )
    },
  },
]
