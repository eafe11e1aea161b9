import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { metersOf, type Interval, type Plan } from './catalog'
import { pricesByLookupKey } from './prices-by-lookup-key'

/**
 * The Stripe prices of `plan`'s metered components billed every `interval` (one per meter that has a price for it; a
 * meter without prices is counted, never billed), in the catalog's order. One list request for them all. A price
 * missing from Stripe means `npm run stripe:sync` has not run since the catalog changed.
 */
export async function meteredPricesFor(stripe: Stripe, plan: Plan, interval: Interval): Promise<Stripe.Price[]> {
  const keys = metersOf(plan).flatMap((meter) => meter.prices.filter((price) => price.interval === interval).map((price) => price.lookupKey))
  if (keys.length === 0) return []
  const found = await pricesByLookupKey(stripe, keys, { active: true })
  return keys.map((key) => {
    const price = found.get(key)
    if (!price) throw new ActionFailure('not_configured', `The "${key}" price is not in Stripe yet: run \`npm run stripe:sync\`.`)
    return price
  })
}
