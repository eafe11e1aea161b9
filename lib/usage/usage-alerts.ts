import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { catalogMeters } from './meters'
import { usageContext } from './usage-context'

/** The shares of the allowance the owner is told about (issue 24: "email the owner at 80 % and 100 %"). */
export const ALERT_PERCENTS = [80, 100] as const

type WantedAlert = { meterKey: string; eventName: string; percent: number; threshold: number; allowance: number; periodStart: Date; periodEnd: Date }

export type KeptAlerts = { created: string[]; archived: string[] } | { skipped: string }

const sameAlert = (a: Omit<WantedAlert, 'eventName' | 'allowance' | 'periodEnd'>, b: Omit<WantedAlert, 'eventName' | 'allowance' | 'periodEnd'>) =>
  a.meterKey === b.meterKey && a.percent === b.percent && a.threshold === b.threshold && a.periodStart.getTime() === b.periodStart.getTime()

/**
 * Keeps, for a customer, one Stripe usage alert per billed meter × threshold (80 % and 100 % of the plan's allowance)
 * × current period, and archives the ones that no longer fit (another plan, another period, no subscription).
 *
 * Why per period: Stripe's usage alerts have one `recurrence`, `one_time` ("Defines how the alert will behave.
 * Possible values: one_time", https://docs.stripe.com/api/billing/alert/create), so an alert fires once per
 * customer, on its usage in the current billing period (https://docs.stripe.com/billing/subscriptions/usage-based/alerts:
 * usage reported before the alert was made counts too; at most 25 alerts per meter and customer). An alert made once
 * would tell the owner in the first period only. So after each customer sync (inngest/sync-stripe-customer.ts) the
 * alerts follow the period and plan just synced: one not fired yet moves on to the new period, one fired is archived
 * ("Archives this alert … non-reversible", https://docs.stripe.com/api/billing/alert/archive) and a new one made.
 * Decision 0066.
 */
export async function keepUsageAlerts(stripe: Stripe, customerId: string): Promise<KeptAlerts> {
  const organization = await db.organization.findUnique({ where: { stripeCustomerId: customerId }, select: { id: true } })
  if (!organization) return { skipped: `Stripe customer ${customerId} is not an organization of this app` }
  const wanted = await wantedAlerts(organization.id)
  const existing = await db.usageAlert.findMany({ where: { organizationId: organization.id, status: 'active' } })

  // Each wanted alert keeps the existing one for it: the same one (its period's end may move: a trial ended in the
  // second it began), or one that has not fired, moved on to the new period. Stripe measures an alert on the current
  // period's usage, and an alert that has not fired still will, so a renewal costs no Stripe call for a customer who
  // did not reach 80 %; only fired alerts are replaced.
  const kept = new Set<string>()
  const missing: WantedAlert[] = []
  for (const w of wanted) {
    const row =
      existing.find((r) => !kept.has(r.id) && sameAlert(w, r)) ??
      existing.find((r) => !kept.has(r.id) && r.triggeredAt === null && r.meterKey === w.meterKey && r.percent === w.percent && r.threshold === w.threshold)
    if (!row) {
      missing.push(w)
      continue
    }
    kept.add(row.id)
    if (row.periodStart.getTime() !== w.periodStart.getTime() || row.periodEnd.getTime() !== w.periodEnd.getTime()) {
      await db.usageAlert.update({ where: { id: row.id }, data: { periodStart: w.periodStart, periodEnd: w.periodEnd, allowance: w.allowance } })
    }
  }

  const archived: string[] = []
  for (const alert of existing.filter((row) => !kept.has(row.id))) {
    await withIdempotencyKey(`tollgate:usage-alert-archive:${alert.id}`, ({ key }) => stripe.billing.alerts.archive(alert.id, {}, { idempotencyKey: key }))
    await db.usageAlert.update({ where: { id: alert.id }, data: { status: 'archived' } })
    archived.push(alert.id)
  }

  const created: string[] = []
  const meterIds = missing.length > 0 ? await stripeMeterIds(stripe) : new Map<string, string>()
  for (const alert of missing) {
    const meter = meterIds.get(alert.eventName)
    if (!meter) continue // the catalog is not synced to this Stripe account yet (npm run stripe:sync)
    const periodSeconds = Math.floor(alert.periodStart.getTime() / 1000)
    const scope = `tollgate:usage-alert:${customerId}:${alert.meterKey}:${alert.percent}:${alert.threshold}:${periodSeconds}`
    const made = await withIdempotencyKey(scope, ({ key }) =>
      stripe.billing.alerts.create(
        {
          alert_type: 'usage_threshold',
          title: `${alert.percent}% of ${alert.allowance} ${alert.meterKey}`,
          usage_threshold: { gte: alert.threshold, meter, recurrence: 'one_time', filters: [{ type: 'customer', customer: customerId }] },
        },
        { idempotencyKey: key },
      ),
    )
    try {
      const { meterKey, percent, threshold, allowance, periodStart, periodEnd } = alert
      await db.usageAlert.create({ data: { id: made.id, organizationId: organization.id, customerId, meterKey, percent, threshold, allowance, periodStart, periodEnd } })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error // a retry after the row was written: the key replayed the same alert
    }
    created.push(made.id)
  }
  return { created, archived }
}

/** The alerts the organization's plan and period call for: none for a meter the plan does not bill at Stripe. */
async function wantedAlerts(organizationId: string): Promise<WantedAlert[]> {
  const wanted: WantedAlert[] = []
  for (const meter of catalogMeters()) {
    const { billed, allowance, period } = await usageContext(organizationId, meter.key)
    if (!billed || !allowance || allowance.included <= 0) continue
    for (const percent of ALERT_PERCENTS) {
      const threshold = Math.max(1, Math.ceil((allowance.included * percent) / 100))
      wanted.push({ meterKey: meter.key, eventName: meter.eventName, percent, threshold, allowance: allowance.included, periodStart: period.start, periodEnd: period.end })
    }
  }
  return wanted
}

async function stripeMeterIds(stripe: Stripe): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  for await (const meter of stripe.billing.meters.list({ status: 'active', limit: 100 })) ids.set(meter.event_name, meter.id)
  return ids
}
