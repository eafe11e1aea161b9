import 'server-only'
import { findPrice, metersOf, type CatalogMeter, type MeteredPrice } from '@/lib/billing/catalog'
import { db } from '@/lib/db'
import { measure, type UsageCheck } from './can-use'
import { estimateCharge } from './estimate-charge'
import { catalogMeters } from './meters'
import { usedIn } from './record-usage'
import { usageContext } from './usage-context'

export type DailyUse = { day: string; value: number }

export type MeterSummary = UsageCheck & {
  meter: CatalogMeter
  /** Under a hard cap: nothing more may be used this period. */
  limitReached: boolean
  /** The metered price of the subscription's interval; null on a plan that does not bill the meter. */
  price: MeteredPrice | null
  /** The overage so far at that price, in the smallest unit (an estimate from the catalog). */
  overageAmount: number | null
  /** Use per UTC day of the period (days to come at 0), for the chart. */
  daily: DailyUse[]
}

/** Each meter of the organization's plan this period, for /billing, the dashboard and the playground. */
export async function usageSummary(organizationId: string, now = new Date()): Promise<MeterSummary[]> {
  const subscription = await db.subscription.findFirst({ where: { organizationId }, orderBy: { createdAt: 'desc' }, select: { priceLookupKey: true } })
  const interval = subscription?.priceLookupKey ? findPrice(subscription.priceLookupKey)?.price.interval : undefined
  const summaries: MeterSummary[] = []
  // The plan decides the meters: ask for the first catalog meter's context to learn it, then each of its meters.
  const probe = await firstContext(organizationId, now)
  if (!probe) return []
  for (const meter of metersOf(probe.plan)) {
    const context = meter.key === probe.meterKey ? probe : await usageContext(organizationId, meter.key, now)
    const used = await usedIn(db, organizationId, meter.key, context.period)
    const check = measure(used, context.allowance, context.period)
    const price = meter.prices.find((p) => p.interval === (interval ?? 'month')) ?? null
    summaries.push({
      ...check,
      meter,
      limitReached: context.allowance?.limit != null && used >= context.allowance.limit,
      price,
      overageAmount: price ? estimateCharge(price, used) : null,
      // Every day of the period, the days to come empty: the chart's axis is the period, whatever has been used.
      daily: await dailyUse(organizationId, meter.key, context.period.start, new Date(context.period.end.getTime() - 1)),
    })
  }
  return summaries
}

async function firstContext(organizationId: string, now: Date) {
  const [first] = catalogMeters()
  return first ? usageContext(organizationId, first.key, now) : null
}

/** Daily sums, read from the period's events (a starter-sized read; keep a daily rollup when volumes grow). */
async function dailyUse(organizationId: string, meterKey: string, start: Date, until: Date): Promise<DailyUse[]> {
  const events = await db.usageEvent.findMany({
    where: { organizationId, meterKey, periodStart: start, status: { notIn: ['cancelled'] }, cancelRequestedAt: null },
    select: { occurredAt: true, value: true },
  })
  const byDay = new Map<string, number>()
  const first = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()))
  for (let day = first; day <= until; day = new Date(day.getTime() + 86_400_000)) byDay.set(day.toISOString().slice(0, 10), 0)
  for (const event of events) {
    const day = event.occurredAt.toISOString().slice(0, 10)
    byDay.set(day, (byDay.get(day) ?? 0) + event.value)
  }
  return [...byDay.entries()].map(([day, value]) => ({ day, value }))
}
