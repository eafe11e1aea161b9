import 'server-only'
import type Stripe from 'stripe'
import { inChunks, MAX_LOOKUP_KEYS_PER_LIST } from '@/lib/stripe/limits'

/**
 * The Stripe prices holding `lookupKeys`, by key: one `GET /v1/prices` per 10 keys, the most Stripe's list takes
 * (https://docs.stripe.com/api/prices/list), so a catalog of any size is read in as few calls as Stripe allows.
 * `active: true` keeps only prices that can be sold; without it, an archived price still holding a key is found too.
 * A key no price holds is absent from the map.
 */
export async function pricesByLookupKey(stripe: Stripe, lookupKeys: readonly string[], options: { active?: boolean } = {}): Promise<Map<string, Stripe.Price>> {
  const found = new Map<string, Stripe.Price>()
  for (const keys of inChunks([...new Set(lookupKeys)], MAX_LOOKUP_KEYS_PER_LIST)) {
    // A lookup key belongs to at most one price, so one page as long as the chunk holds every match.
    for await (const price of stripe.prices.list({ lookup_keys: keys, limit: keys.length, ...(options.active && { active: true }) })) {
      if (price.lookup_key) found.set(price.lookup_key, price)
    }
  }
  return found
}

/** The one price holding `lookupKey` that can be sold now, or undefined. */
export async function activePriceFor(stripe: Stripe, lookupKey: string): Promise<Stripe.Price | undefined> {
  return (await pricesByLookupKey(stripe, [lookupKey], { active: true })).get(lookupKey)
}
