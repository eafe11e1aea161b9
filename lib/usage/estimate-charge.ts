import type { MeteredPrice } from '@/lib/billing/catalog'

const amountOf = (tier: { unitAmount?: number; unitAmountDecimal?: string }) => (tier.unitAmountDecimal !== undefined ? Number(tier.unitAmountDecimal) : (tier.unitAmount ?? 0))

/**
 * What `quantity` units of a catalog metered price come to, in the smallest currency unit, for the page's "overage
 * so far": graduated tiers bill each unit at its tier's price, volume tiers bill every unit at the tier the total
 * reaches, a package price bills whole packages (https://docs.stripe.com/products-prices/pricing-models). Stripe's
 * invoice is the authority; the page shows its preview beside this.
 */
export function estimateCharge(price: MeteredPrice, quantity: number): number {
  if (price.scheme === 'per_unit') {
    const units = price.packageSize ? Math.ceil(quantity / price.packageSize) : quantity
    return Math.round(units * amountOf(price))
  }
  if (price.tiersMode === 'volume') {
    const tier = price.tiers.find((t) => t.upTo === 'inf' || quantity <= t.upTo) ?? price.tiers[price.tiers.length - 1]!
    return Math.round(quantity * amountOf(tier) + (quantity > 0 ? (tier.flatAmount ?? 0) : 0))
  }
  let total = 0
  let below = 0
  for (const tier of price.tiers) {
    if (quantity <= below) break
    const top = tier.upTo === 'inf' ? quantity : Math.min(quantity, tier.upTo)
    total += (top - below) * amountOf(tier) + (tier.flatAmount ?? 0)
    below = top
  }
  return Math.round(total)
}
