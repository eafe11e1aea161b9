import 'server-only'
import { db } from '@/lib/db'
import { sql } from '@/lib/db/sql'
import { requireCatalogMeter, type Allowance } from './meters'
import { calendarMonth, type UsagePeriod } from './period'
import { usedIn } from './record-usage'
import { usageContextOf, type PeriodSubscription } from './usage-context'

export type UsageCheck = {
  /** Whether `amount` more may be used now: always under a soft cap (it is billed), within the limit under a hard one. */
  allowed: boolean
  used: number
  allowance: Allowance | null
  /** What is left before the limit (hard cap) or the end of the allowance (soft cap); 0 when past it. */
  remaining: number
  /** Units past the included allowance this period (billed under a soft cap). */
  overage: number
  period: UsagePeriod
}

/**
 * Whether the organization may use `amount` more of a meter, from the database, in one statement: the organization
 * by its primary key, its subscriptions through their organizationId index, and beside each the running total of the
 * period it stores (UsageTotal's primary key), plus the calendar month's total for an organization on no paid plan
 * (decision 0069). The plan and period are then decided as recordUsage decides them (usageContextOf). Only when the
 * stored period has ended and the renewal's webhook is not in yet (the period rolled forward in memory) does a second
 * primary-key read fetch the new period's total. Never calls Stripe: Stripe aggregates meter events asynchronously,
 * so its totals lag, and a limit must hold now. A check, not a reservation: recordUsage re-checks a hard cap
 * atomically when it records.
 */
export async function canUse(organizationId: string, meterKey: string, amount = 1): Promise<UsageCheck> {
  requireCatalogMeter(meterKey)
  const now = new Date()
  const month = calendarMonth(now)
  const rows = await db.$queryRaw<Row[]>(sql`
    SELECT s."id", s."status", s."priceId", s."priceLookupKey", s."productId", s."currentPeriodStart", s."currentPeriodEnd",
      s."trialEnd", s."cancelAtPeriodEnd", s."cancelAt", s."createdAt", s."pauseCollection", s."invoiceId", s."invoiceStatus",
      s."invoiceReason", s."invoiceUrl", s."actionInvoiceId", t."used" AS "usedInPeriod", m."used" AS "usedInMonth"
    FROM "Organization" o
    LEFT JOIN "Subscription" s ON s."organizationId" = o."id"
    LEFT JOIN "UsageTotal" t ON t."organizationId" = o."id" AND t."meterKey" = ${meterKey} AND t."periodStart" = s."currentPeriodStart"
    LEFT JOIN "UsageTotal" m ON m."organizationId" = o."id" AND m."meterKey" = ${meterKey} AND m."periodStart" = ${month.start}
    WHERE o."id" = ${organizationId}`)
  const subscriptions = rows.filter((row) => row.id !== null).map(subscriptionOf)
  const { allowance, period, subscriptionId } = usageContextOf(subscriptions, meterKey, now)
  const row = rows.find((r) => r.id === subscriptionId)
  const stored = subscriptions.find((s) => s.id === subscriptionId)
  const used =
    period.source === 'calendar' && period.start.getTime() === month.start.getTime()
      ? Number(rows[0]?.usedInMonth ?? 0)
      : row && stored?.currentPeriodStart?.getTime() === period.start.getTime()
        ? Number(row.usedInPeriod ?? 0)
        : await usedIn(db, organizationId, meterKey, period)
  return measure(used, allowance, period, amount)
}

type Row = { [K in keyof PeriodSubscription]: unknown } & { id: string | null; usedInPeriod: unknown; usedInMonth: unknown }

// A raw read returns what the driver gives: SQLite's stored dates and 0/1 booleans are turned back into the model's.
const dateOf = (value: unknown): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(value as string | number))
const textOf = (value: unknown): string | null => (value === null || value === undefined ? null : String(value))

function subscriptionOf(row: Row): PeriodSubscription {
  return {
    id: row.id!,
    status: String(row.status),
    priceId: String(row.priceId),
    priceLookupKey: textOf(row.priceLookupKey),
    productId: textOf(row.productId),
    currentPeriodStart: dateOf(row.currentPeriodStart),
    currentPeriodEnd: dateOf(row.currentPeriodEnd),
    trialEnd: dateOf(row.trialEnd),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd === true || row.cancelAtPeriodEnd === 1 || row.cancelAtPeriodEnd === 1n,
    cancelAt: dateOf(row.cancelAt),
    createdAt: dateOf(row.createdAt)!,
    pauseCollection: textOf(row.pauseCollection),
    invoiceId: textOf(row.invoiceId),
    invoiceStatus: textOf(row.invoiceStatus),
    invoiceReason: textOf(row.invoiceReason),
    invoiceUrl: textOf(row.invoiceUrl),
    actionInvoiceId: textOf(row.actionInvoiceId),
  }
}

export function measure(used: number, allowance: Allowance | null, period: UsagePeriod, amount = 0): UsageCheck {
  if (!allowance) return { allowed: false, used, allowance, remaining: 0, overage: 0, period }
  const ceiling = allowance.limit ?? allowance.included
  return {
    allowed: allowance.limit === null || used + amount <= allowance.limit,
    used,
    allowance,
    remaining: Math.max(0, ceiling - used),
    overage: Math.max(0, used - allowance.included),
    period,
  }
}
