import 'server-only'
import { findPrice, FREE_PLAN, type CatalogMeter, type Interval, type Plan } from '@/lib/billing/catalog'
import { entitlementsFor, type SubscriptionState } from '@/lib/billing/entitlements'
import { db } from '@/lib/db'
import { allowanceOf, billsMeter, meterOf, requireCatalogMeter, type Allowance } from './meters'
import { calendarMonth, subscriptionPeriod, type UsagePeriod } from './period'

/** What a use of one meter is measured against now: the plan, its allowance, the period and the use's timestamp. */
export type UsageContext = {
  plan: Plan
  meterKey: string
  /** The plan's meter; undefined when the plan does not offer it (nothing may be used). */
  meter: CatalogMeter | undefined
  allowance: Allowance | null
  period: UsagePeriod
  /** The meter event's timestamp for a use recorded now, inside `period` (on the customer's clock). */
  occurredAt: Date
  /** Whether uses go to Stripe: the plan prices this meter and the organization has a subscription. */
  billed: boolean
}

/**
 * The organization's plan (lib/billing/entitlements.ts decides it, as for features) and its current period: the
 * subscription item's period for a paid plan, else the calendar month (UTC). One indexed read.
 */
export async function usageContext(organizationId: string, meterKey: string, now = new Date()): Promise<UsageContext> {
  requireCatalogMeter(meterKey)
  return usageContextOf(await db.subscription.findMany({ where: { organizationId } }), meterKey, now)
}

/** The organization's subscription as the context needs it: what decides the plan, and the stored period. */
export type PeriodSubscription = SubscriptionState & { currentPeriodStart: Date | null }

/** usageContext from subscriptions already read (canUse reads them joined to the totals). */
export function usageContextOf(subscriptions: readonly PeriodSubscription[], meterKey: string, now: Date): UsageContext & { subscriptionId: string | null } {
  const { plan, subscription } = entitlementsFor(subscriptions)
  const row = plan !== FREE_PLAN && subscription ? subscriptions.find((s) => s.id === subscription.id) : undefined
  const stored = row?.currentPeriodStart && row.currentPeriodEnd ? { start: row.currentPeriodStart, end: row.currentPeriodEnd } : null
  const { period, occurredAt } = stored ? subscriptionPeriod(stored, now) : { period: calendarMonth(now), occurredAt: now }
  const interval: Interval | null = row?.priceLookupKey ? (findPrice(row.priceLookupKey)?.price.interval ?? null) : null
  const meter = meterOf(plan, meterKey)
  return {
    plan,
    meterKey,
    meter,
    allowance: meter ? allowanceOf(meter, interval) : null,
    period,
    occurredAt,
    billed: Boolean(meter && billsMeter(meter) && row),
    subscriptionId: row?.id ?? null,
  }
}
