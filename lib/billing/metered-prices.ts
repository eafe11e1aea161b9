import 'server-only'
import type Stripe from 'stripe'
import { ActionFailure } from '@/lib/auth/action'
import { metersOf, type Interval, type Plan } from './catalog'
import { pricesByLookupKey } from './prices-by-lookup-key'

/**
 * The Stripe prices of `plan`'s metered components billed every `interval` in `currency` (the plan price's own: a
 * subscription's prices share one currency, https://docs.stripe.com/billing/subscriptions/multiple-products), one per
 * meter the catalog prices so; a meter without such a price is counted, never billed. In the catalog's order, in one
 * list request. A price missing from Stripe, or in another currency there, means `npm run stripe:sync` has not run
 * since the catalog changed.
 */
export async function meteredPricesFor(stripe: Stripe, plan: Plan, interval: Interval, currency: string): Promise<Stripe.Price[]> {
  const keys = metersOf(plan).flatMap((meter) =>
    meter.prices.filter((price) => price.interval === interval && price.currency === currency).map((price) => price.lookupKey),
  )
  if (keys.length === 0) return []
  const found = await pricesByLookupKey(stripe, keys, { active: true })
  return keys.map((key) => {
    const price = found.get(key)
    if (!price || price.currency !== currency) throw new ActionFailure('not_configured', `The "${key}" price is not in Stripe yet: run \`npm run stripe:sync\`.`)
    return price
  })
}
