// The usage bench's organizations: each on Pro (pro_monthly), a plan with the metered "API calls" meter (soft cap,
// an allowance then overage), with an active subscription whose period holds now, so recordUsage and canUse take
// their real path (plan, period, running total) and the sender has a Stripe customer to send to.
import type { Db } from '@/lib/db/create-client'

export const BENCH_USAGE_ORGANIZATION = 'org_bench_usage'
export const BENCH_USAGE_METER = 'api_calls'
export const BENCH_USAGE_PRICE = 'pro_monthly'

export type SeededOrganization = { organizationId: string; customerId: string }

/** One Organization and one active Pro subscription per customer id, in bulk; the period runs from a day ago for 30 days. */
export async function seedMeteredOrganizations(db: Db, customers: readonly SeededOrganization[], now = new Date()): Promise<{ start: Date; end: Date }> {
  const start = new Date(now.getTime() - 86_400_000)
  const end = new Date(start.getTime() + 30 * 86_400_000)
  for (let i = 0; i < customers.length; i += 500) {
    const chunk = customers.slice(i, i + 500)
    await db.organization.createMany({ data: chunk.map(({ organizationId, customerId }) => ({ id: organizationId, name: `Bench ${organizationId}`, stripeCustomerId: customerId })) })
    await db.subscription.createMany({
      data: chunk.map(({ organizationId, customerId }) => ({
        id: `sub_${organizationId}`,
        organizationId,
        customerId,
        status: 'active',
        priceId: `price_bench_${BENCH_USAGE_PRICE}`,
        priceLookupKey: BENCH_USAGE_PRICE,
        productId: 'tollgate_pro',
        currentPeriodStart: start,
        currentPeriodEnd: end,
        stripeStateAt: now,
        createdAt: start,
      })),
    })
  }
  return { start, end }
}
