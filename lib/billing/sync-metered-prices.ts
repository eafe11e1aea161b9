import 'server-only'
import { createHash } from 'node:crypto'
import Stripe from 'stripe'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { stripeMetadata } from '@/lib/stripe/limits'
import { productIdFor, type CatalogMeter, type MeteredPrice, type Plan, type PriceTier } from './catalog'

export type MeteredPriceChange = { kind: 'price'; id: string; action: 'created' | 'archived'; detail: string }

/** Metadata on a metered price: a digest of what it was created from (tiers are not in a price list's answer). */
export const SPEC_TAG = 'tollgate_spec'

/** What a metered price is made of, meter included: a new meter (a changed one) means new prices. */
export const specOf = (price: MeteredPrice, meterId: string): string =>
  createHash('sha256').update(JSON.stringify({ price, meterId })).digest('hex').slice(0, 16)

/**
 * Creates the metered price when none with its lookup key matches the catalog (prices are immutable: a new one
 * takes the lookup key, the old one is archived), as syncPrice does for flat prices. Priced on the meter
 * (`recurring.usage_type: metered` + `recurring.meter`, https://docs.stripe.com/api/prices/create#create_price-recurring-meter),
 * per unit or in tiers (https://docs.stripe.com/products-prices/pricing-models#graduated-pricing); the included
 * allowance is the free first tier.
 */
export async function syncMeteredPrice(
  stripe: Stripe,
  plan: Plan,
  meter: CatalogMeter,
  wanted: MeteredPrice,
  meterId: string,
  current: Stripe.Price | undefined,
  planTag: string,
): Promise<MeteredPriceChange[]> {
  const spec = specOf(wanted, meterId)
  if (current?.active && current.metadata[SPEC_TAG] === spec && current.product === productIdFor(plan)) return []
  const created = await withIdempotencyKey(`tollgate:metered-price:${wanted.lookupKey}:${spec}:replacing:${current?.id ?? 'none'}`, ({ key }) =>
    stripe.prices.create(
      {
        product: productIdFor(plan),
        currency: wanted.currency,
        recurring: { interval: wanted.interval, usage_type: 'metered', meter: meterId },
        ...amountParams(wanted),
        lookup_key: wanted.lookupKey,
        transfer_lookup_key: true,
        nickname: `${plan.name} ${meter.displayName} (${wanted.interval}ly)`,
        metadata: stripeMetadata({ [planTag]: plan.key, [SPEC_TAG]: spec }),
      },
      { idempotencyKey: key },
    ),
  )
  const changes: MeteredPriceChange[] = [{ kind: 'price', id: created.id, action: 'created', detail: `${wanted.lookupKey} ${meter.displayName}, ${describe(wanted)}` }]
  if (current?.active) {
    await withIdempotencyKey(`tollgate:archive:${current.id}`, ({ key }) => stripe.prices.update(current.id, { active: false }, { idempotencyKey: key }))
    changes.push({ kind: 'price', id: current.id, action: 'archived', detail: `${wanted.lookupKey} moved to ${created.id}` })
  }
  return changes
}

function amountParams(price: MeteredPrice): Partial<Stripe.PriceCreateParams> {
  if (price.scheme === 'tiered') {
    return { billing_scheme: 'tiered', tiers_mode: price.tiersMode, tiers: price.tiers.map(tierParams) }
  }
  return {
    billing_scheme: 'per_unit',
    ...(price.unitAmountDecimal !== undefined ? { unit_amount_decimal: Stripe.Decimal.from(price.unitAmountDecimal) } : { unit_amount: price.unitAmount ?? 0 }),
    ...(price.packageSize && { transform_quantity: { divide_by: price.packageSize, round: 'up' as const } }),
  }
}

function tierParams(tier: PriceTier): Stripe.PriceCreateParams.Tier {
  return {
    up_to: tier.upTo,
    ...(tier.unitAmountDecimal !== undefined ? { unit_amount_decimal: Stripe.Decimal.from(tier.unitAmountDecimal) } : tier.unitAmount !== undefined && { unit_amount: tier.unitAmount }),
    ...(tier.flatAmount !== undefined && { flat_amount: tier.flatAmount }),
  }
}

function describe(price: MeteredPrice): string {
  if (price.scheme === 'per_unit') return `${price.unitAmountDecimal ?? price.unitAmount ?? 0}¢ per ${price.packageSize ?? 1}/${price.interval}`
  return `${price.tiersMode} tiers ${price.tiers.map((t) => `≤${t.upTo}: ${t.unitAmountDecimal ?? t.unitAmount ?? 0}¢`).join(', ')}/${price.interval}`
}
