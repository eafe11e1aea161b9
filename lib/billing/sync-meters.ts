import 'server-only'
import type Stripe from 'stripe'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { metersOf, type CatalogMeter, type Plan } from './catalog'

export type MeterChange = { kind: 'meter'; id: string; action: 'created' | 'updated' | 'archived'; detail: string }

/** The payload keys recordUsage's sender writes (lib/usage/send-usage-events.ts): Stripe's defaults. */
const CUSTOMER_KEY = 'stripe_customer_id'
const VALUE_KEY = 'value'

/**
 * Makes Stripe's active meters match the catalog's: one meter per event name. A meter's event name, aggregation,
 * customer mapping and value key are fixed ("Meters are immutable; create a new meter",
 * https://docs.stripe.com/billing/subscriptions/usage-based/meters/configure; the update endpoint takes
 * `display_name` only, https://docs.stripe.com/api/billing/meter/update), so a display name is updated in place and
 * any other change deactivates the old meter and creates a new one (event names are unique among active meters),
 * and the sync says so. Returns the active meter of each event name, for the metered prices.
 */
export async function syncMeters(stripe: Stripe, plans: readonly Plan[]): Promise<{ changes: MeterChange[]; meterIds: Map<string, string> }> {
  const wanted = declaredMeters(plans)
  const active = new Map<string, Stripe.Billing.Meter>()
  for await (const meter of stripe.billing.meters.list({ status: 'active', limit: 100 })) active.set(meter.event_name, meter)
  const changes: MeterChange[] = []
  const meterIds = new Map<string, string>()
  for (const meter of wanted) {
    let current = active.get(meter.eventName)
    const differs = current && immutableDifference(current, meter)
    if (current && differs) {
      await withIdempotencyKey(`tollgate:meter-deactivate:${current.id}`, ({ key }) => stripe.billing.meters.deactivate(current!.id, {}, { idempotencyKey: key }))
      changes.push({ kind: 'meter', id: current.id, action: 'archived', detail: `${meter.eventName}: ${differs}; meters are immutable, so this is a new meter (its prices move to it)` })
      current = undefined
    }
    if (!current) {
      const created = await withIdempotencyKey(`tollgate:meter:${meter.eventName}:${meter.aggregation}:replacing:${active.get(meter.eventName)?.id ?? 'none'}`, ({ key }) =>
        stripe.billing.meters.create(
          {
            display_name: meter.displayName,
            event_name: meter.eventName,
            default_aggregation: { formula: meter.aggregation },
            customer_mapping: { type: 'by_id', event_payload_key: CUSTOMER_KEY },
            value_settings: { event_payload_key: VALUE_KEY },
          },
          { idempotencyKey: key },
        ),
      )
      changes.push({ kind: 'meter', id: created.id, action: 'created', detail: `${meter.displayName} (${meter.eventName}, ${meter.aggregation})` })
      meterIds.set(meter.eventName, created.id)
      continue
    }
    if (current.display_name !== meter.displayName) {
      await withIdempotencyKey(`tollgate:meter-name:${current.id}:${meter.displayName}:${current.updated}`, ({ key }) =>
        stripe.billing.meters.update(current!.id, { display_name: meter.displayName }, { idempotencyKey: key }),
      )
      changes.push({ kind: 'meter', id: current.id, action: 'updated', detail: `display name "${current.display_name}" → "${meter.displayName}"` })
    }
    meterIds.set(meter.eventName, current.id)
  }
  return { changes, meterIds }
}

/** One declaration per event name; plans that share a meter must declare it alike (they differ in allowance and price). */
export function declaredMeters(plans: readonly Plan[]): CatalogMeter[] {
  const byEvent = new Map<string, CatalogMeter>()
  for (const meter of plans.flatMap(metersOf)) {
    const seen = byEvent.get(meter.eventName)
    if (!seen) byEvent.set(meter.eventName, meter)
    else if (seen.key !== meter.key || seen.aggregation !== meter.aggregation || seen.displayName !== meter.displayName) {
      throw new Error(`Meter "${meter.eventName}" is declared differently by two plans in lib/billing/catalog.ts (key, aggregation or display name)`)
    }
  }
  return [...byEvent.values()]
}

function immutableDifference(current: Stripe.Billing.Meter, meter: CatalogMeter): string | null {
  if (current.default_aggregation.formula !== meter.aggregation) return `aggregation ${current.default_aggregation.formula} → ${meter.aggregation}`
  if (current.customer_mapping.event_payload_key !== CUSTOMER_KEY) return `customer key ${current.customer_mapping.event_payload_key} → ${CUSTOMER_KEY}`
  if (current.value_settings.event_payload_key !== VALUE_KEY) return `value key ${current.value_settings.event_payload_key} → ${VALUE_KEY}`
  return null
}
