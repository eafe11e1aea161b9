import type Stripe from 'stripe'
import { toWire } from './wire'
import { newId } from './ids'

type EventOptions = {
  previousAttributes?: Record<string, unknown>
  request: Stripe.Event.Request
  pendingWebhooks: number
  created: number
}

export const API_VERSION = '2026-10-28.endive'

export function buildEvent(type: Stripe.Event.Type, object: object, options: EventOptions): Stripe.Event {
  const data: Stripe.Event.Data = { object: toWire(object) }
  if (options.previousAttributes) data.previous_attributes = toWire(options.previousAttributes)
  const event: Stripe.EventBase = {
    id: newId('evt_'),
    object: 'event',
    api_version: API_VERSION,
    created: options.created,
    data,
    livemode: false,
    pending_webhooks: options.pendingWebhooks,
    request: options.request,
    type,
  }
  // Stripe.Event is a union discriminated by `type`; the data shape matches `type` by construction.
  return event as Stripe.Event
}

/**
 * Stripe's `previous_attributes`: the old value of every top-level field that changed, except `metadata`, where
 * only the changed keys appear (a key that was added shows as null).
 */
export function previousAttributes(before: object, after: object): Record<string, unknown> | undefined {
  const old = toWire(before) as Record<string, unknown>
  const next = toWire(after) as Record<string, unknown>
  const changes: Record<string, unknown> = {}
  for (const key of Object.keys(next)) {
    if (JSON.stringify(old[key]) === JSON.stringify(next[key])) continue
    if (key === 'metadata') changes[key] = metadataChanges(old[key], next[key])
    else changes[key] = old[key] ?? null
  }
  return Object.keys(changes).length > 0 ? changes : undefined
}

function metadataChanges(old: unknown, next: unknown): Record<string, string | null> {
  const before = (old ?? {}) as Record<string, string>
  const after = (next ?? {}) as Record<string, string>
  const changes: Record<string, string | null> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[key] !== after[key]) changes[key] = before[key] ?? null
  }
  return changes
}
