import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { recordDrift } from '@/lib/reconcile/drift'
import { requireCatalogMeter } from './meters'

/** Stripe aggregates meter events asynchronously; a pair that sent anything more recently than this is not compared yet. */
export const SETTLE_MS = 15 * 60 * 1000

export type UsageComparison = { organizationId: string; meterKey: string; app: number; stripe: number }

const minuteFloor = (ms: number) => Math.floor(ms / 60_000) * 60
const minuteCeil = (ms: number) => Math.ceil(ms / 60_000) * 60

/**
 * Compares, for every organization × meter with a total this period (the totals updated since `since`), what the app
 * sent to Stripe (sent events not cancelled) with Stripe's meter event summary for the customer over the period
 * (https://docs.stripe.com/api/billing/meter-event-summary/list; minute-aligned, so the window is widened to whole
 * minutes), and records a difference as drift (BillingDrift, field `usage:<meter>`, source `usage`). Pairs with
 * events pending or sent in the last SETTLE_MS are left for the next run: Stripe may not have counted them yet.
 */
export async function reconcileUsage(stripe: Stripe, { since, now = new Date(), limit = 100 }: { since: Date; now?: Date; limit?: number }): Promise<UsageComparison[]> {
  const totals = await db.usageTotal.findMany({
    where: { updatedAt: { gte: since }, organization: { stripeCustomerId: { not: null } } },
    include: { organization: { select: { stripeCustomerId: true, subscriptions: { select: { id: true }, orderBy: { createdAt: 'desc' }, take: 1 } } } },
    orderBy: { updatedAt: 'asc' },
    take: limit,
  })
  const meterIds = new Map<string, string>()
  for await (const meter of stripe.billing.meters.list({ status: 'active', limit: 100 })) meterIds.set(meter.event_name, meter.id)
  const compared: UsageComparison[] = []
  for (const total of totals) {
    const { organizationId, meterKey, periodStart, periodEnd } = total
    const where = { organizationId, meterKey, periodStart }
    const unsettled = await db.usageEvent.count({ where: { ...where, OR: [{ status: 'pending' }, { sentAt: { gt: new Date(now.getTime() - SETTLE_MS) } }, { cancelRequestedAt: { not: null }, cancelSentAt: null, status: 'sent' }] } })
    const meterId = meterIds.get(requireCatalogMeter(meterKey).eventName)
    if (unsettled > 0 || !meterId) continue
    const sent = await db.usageEvent.aggregate({ where: { ...where, status: 'sent', cancelSentAt: null }, _sum: { value: true } })
    const app = sent._sum.value ?? 0
    const customer = total.organization.stripeCustomerId!
    const summaries = await stripe.billing.meters.listEventSummaries(meterId, { customer, start_time: minuteFloor(periodStart.getTime()), end_time: minuteCeil(periodEnd.getTime()) })
    const atStripe = summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0)
    compared.push({ organizationId, meterKey, app, stripe: atStripe })
    if (app !== atStripe) {
      await recordDrift(
        [{ subscriptionId: total.organization.subscriptions[0]?.id ?? '', customerId: customer, organizationId, field: `usage:${meterKey}`, was: app, now: atStripe, repaired: false }],
        'usage',
        now,
      )
    }
  }
  return compared
}
