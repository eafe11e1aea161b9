import 'server-only'
import { db } from '@/lib/db'
import { planFor } from './catalog'
import { formatCharge } from './format'

/**
 * What a subscription costs each period in words ("$98 / month — 2 seats × $49"), from its synced row and its
 * mirrored price; null when the price is not mirrored yet (the webhook for it has not arrived).
 */
export async function subscriptionCharge(subscriptionId: string): Promise<string | null> {
  const row = await db.subscription.findUnique({ where: { id: subscriptionId }, select: { priceId: true, quantity: true, priceLookupKey: true, productId: true } })
  if (!row) return null
  const price = await db.price.findUnique({ where: { id: row.priceId }, select: { unitAmount: true, currency: true, interval: true } })
  if (price?.unitAmount == null) return null
  const perSeat = planFor({ lookupKey: row.priceLookupKey, productId: row.productId })?.perSeat ?? false
  return formatCharge({ unitAmount: price.unitAmount, currency: price.currency, interval: price.interval }, { perSeat, quantity: row.quantity })
}
