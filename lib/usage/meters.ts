import { PLANS, metersOf, type CatalogMeter, type Interval, type Plan } from '@/lib/billing/catalog'

/** The plan's meter for `meterKey`; undefined when the plan does not offer it (a plan without that meter). */
export const meterOf = (plan: Plan, meterKey: string): CatalogMeter | undefined => metersOf(plan).find((meter) => meter.key === meterKey)

/** Every meter the catalog declares, once per key (plans share a meter and differ in allowance, cap and price). */
export function catalogMeters(plans: readonly Plan[] = PLANS): CatalogMeter[] {
  const byKey = new Map<string, CatalogMeter>()
  for (const meter of plans.flatMap(metersOf)) if (!byKey.has(meter.key)) byKey.set(meter.key, meter)
  return [...byKey.values()]
}

/** Throws for a key no plan declares: a typo in `recordUsage(org, 'api_cals', 1)` must not pass silently. */
export function requireCatalogMeter(meterKey: string): CatalogMeter {
  const meter = catalogMeters().find((m) => m.key === meterKey)
  if (!meter) throw new Error(`No plan in lib/billing/catalog.ts has a meter "${meterKey}"`)
  return meter
}

/**
 * The catalog states allowances per month (what a pricing page says); a yearly period includes twelve of them, as
 * the yearly price's free first tier does (lib/billing/sync-catalog.ts writes it so).
 */
export const monthsIn = (interval: Interval | null): number => (interval === 'year' ? 12 : 1)

export type Allowance = { included: number; cap: CatalogMeter['cap']; /** null: no ceiling (soft cap). */ limit: number | null }

export function allowanceOf(meter: CatalogMeter, interval: Interval | null): Allowance {
  const months = monthsIn(interval)
  const included = meter.included * months
  return { included, cap: meter.cap, limit: meter.cap === 'hard' ? (meter.limit ?? meter.included) * months : null }
}

/** Whether the plan bills this meter at Stripe (a price), or only counts it in the app (the Free plan's hard cap). */
export const billsMeter = (meter: CatalogMeter): boolean => meter.prices.length > 0
