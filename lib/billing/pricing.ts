import 'server-only'
import { revalidateTag, unstable_cache } from 'next/cache'
import { db } from '@/lib/db'
import { catalogLookupKeys, PLANS, type Interval, type Plan } from './catalog'

export const CATALOG_CACHE_TAG = 'catalog'

export type PricedPlan = Plan & { offers: { lookupKey: string; amount: number; currency: string; interval: Interval; inStripe: boolean }[] }

/**
 * The catalog's plans with the prices Stripe currently holds for them (mirrored by `stripe:sync` and the catalog
 * webhooks), falling back to the catalog's own amounts before the first sync. Cached; the catalog webhook
 * handlers refresh it, and it expires after five minutes anyway so every instance catches up.
 */
export const getPricedPlans = unstable_cache(loadPricedPlans, ['priced-plans'], { tags: [CATALOG_CACHE_TAG], revalidate: 300 })

export async function loadPricedPlans(): Promise<PricedPlan[]> {
  const rows = await db.price.findMany({ where: { lookupKey: { in: catalogLookupKeys() }, active: true } })
  return PLANS.map((plan) => ({
    ...plan,
    offers: plan.prices.map((price) => {
      const row = rows.find((r) => r.lookupKey === price.lookupKey)
      return { ...price, amount: row?.unitAmount ?? price.amount, currency: row?.currency ?? price.currency, inStripe: Boolean(row) }
    }),
  }))
}

/** Marks the pricing cache stale after a product or price changed in Stripe. */
export function refreshPricingCache(): void {
  try {
    revalidateTag(CATALOG_CACHE_TAG, 'max')
  } catch (error) {
    // Outside a Next.js server (a script, a test) there is no cache here to refresh; anything else is a bug.
    if (!(error instanceof Error && /static generation store missing|outside a request scope|workStore/i.test(error.message))) throw error
  }
}

