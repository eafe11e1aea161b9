// A complete object of the type each event carries, generated from the pinned SDK's types by `npm run stripe:contract`
// (scripts/stripe-contract/event-objects.ts): what `double.emit(type, overrides)` starts from, so a test can receive an
// event the sandbox does not model, in the shape Stripe sends it.
import { readFileSync } from 'node:fs'
import type Stripe from 'stripe'

export const EVENT_OBJECTS_FILE = new URL('./stripe-event-objects.generated.json', import.meta.url)

type EventObjects = { apiVersion: string; events: Record<string, string>; objects: Record<string, unknown> }
let loaded: EventObjects | undefined

export type EventObjectOf<T extends Stripe.Event.Type> = Extract<Stripe.Event, { type: T }>['data']['object']

/** What a test sets on the fixture: any field, at any depth; plain objects merge, everything else replaces. */
export type FixtureOverrides<O> = { [K in keyof O]?: O[K] extends readonly unknown[] ? O[K] : O[K] extends object | null ? FixtureOverrides<NonNullable<O[K]>> | O[K] : O[K] }

/** The fixture object of the event type with `overrides` merged in; a type the pinned SDK does not have throws. */
export function eventObjectFixture<T extends Stripe.Event.Type>(type: T, overrides: FixtureOverrides<EventObjectOf<T>> = {}, created: number): EventObjectOf<T> {
  loaded ??= JSON.parse(readFileSync(EVENT_OBJECTS_FILE, 'utf8')) as EventObjects
  const name = loaded.events[type]
  if (!name) throw new Error(`${type} is not an event type of Stripe API ${loaded.apiVersion}`)
  const base = structuredClone(loaded.objects[name]) as Record<string, unknown>
  if ('created' in base) base.created = created
  // The generated object has every field the type requires (the generator reads them from the same type).
  return merge(base, overrides) as unknown as EventObjectOf<T>
}

function merge(base: Record<string, unknown>, overrides: object): Record<string, unknown> {
  for (const [key, value] of Object.entries(overrides)) {
    const current = base[key]
    const bothPlain = isPlain(current) && isPlain(value)
    base[key] = bothPlain ? merge(current, value) : value
  }
  return base
}

const isPlain = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
