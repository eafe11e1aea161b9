import 'server-only'
import { createHash } from 'node:crypto'
import Stripe from 'stripe'
import { withIdempotencyKey } from '@/lib/stripe/idempotency'
import { MAX_LOOKUP_KEY_LENGTH, stripeMetadata } from '@/lib/stripe/limits'
import { metersOf, productIdFor, type CatalogPrice, type Plan } from './catalog'
import { savePrice, saveProduct } from './mirror-catalog'
import { syncPortalConfiguration, type PortalChange } from './portal-configuration'
import { pricesByLookupKey } from './prices-by-lookup-key'
import { formatAmount } from './format'
import { syncMeteredPrice } from './sync-metered-prices'
import { syncMeters, type MeterChange } from './sync-meters'

export type CatalogChange = { kind: 'product' | 'price'; id: string; action: 'created' | 'updated' | 'archived'; detail: string } | PortalChange | MeterChange

const PLAN_TAG = 'tollgate_plan' // metadata that marks what this catalog owns; nothing else in the account is touched

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)

/**
 * Makes the Stripe account match the catalog: creates or updates each plan's product, creates a new price when an
 * amount, currency or interval changes (Stripe prices are immutable) and moves the lookup key to it, archives
 * what the catalog dropped, points the customer portal at the current prices, then mirrors it all into the local
 * tables. A second run changes nothing.
 */
export async function syncCatalog(stripe: Stripe, plans: readonly Plan[]): Promise<CatalogChange[]> {
  const priced = plans.filter((p) => p.prices.length > 0)
  const tooLong = priced.flatMap(lookupKeysOf).find((key) => key.length > MAX_LOOKUP_KEY_LENGTH)
  if (tooLong) throw new Error(`Lookup key "${tooLong}" is over Stripe's ${MAX_LOOKUP_KEY_LENGTH} characters; shorten it in lib/billing/catalog.ts`)
  // Who holds each lookup key now, archived prices included: one list per 10 keys, not one per price.
  const holders = await pricesByLookupKey(stripe, priced.flatMap(lookupKeysOf))
  const { changes: meterChanges, meterIds } = await syncMeters(stripe, plans)
  const changes: CatalogChange[] = [...meterChanges]
  for (const plan of priced) {
    changes.push(...(await syncProduct(stripe, plan)))
    for (const price of plan.prices) changes.push(...(await syncPrice(stripe, plan, price, holders.get(price.lookupKey))))
    for (const meter of metersOf(plan)) {
      for (const price of meter.prices) changes.push(...(await syncMeteredPrice(stripe, plan, meter, price, meterIds.get(meter.eventName)!, holders.get(price.lookupKey), PLAN_TAG)))
    }
  }
  changes.push(...(await archiveDropped(stripe, plans)))
  changes.push(...(await syncPortalConfiguration(stripe, plans)))
  await mirrorOwned(stripe)
  return changes
}

async function syncProduct(stripe: Stripe, plan: Plan): Promise<CatalogChange[]> {
  const id = productIdFor(plan)
  const desired = { name: plan.name, description: plan.description, active: true, metadata: stripeMetadata({ [PLAN_TAG]: plan.key }) }
  const existing = await stripe.products.retrieve(id).catch((error: unknown) => {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return null
    throw error
  })
  if (!existing) {
    await withIdempotencyKey(`tollgate:product:${id}:create`, ({ key }) => stripe.products.create({ id, ...desired }, { idempotencyKey: key }))
    return [{ kind: 'product', id, action: 'created', detail: plan.name }]
  }
  const same = existing.name === desired.name && existing.description === desired.description && existing.active && existing.metadata[PLAN_TAG] === plan.key
  if (same) return []
  await withIdempotencyKey(`tollgate:product:${id}:${hashOf(desired)}:${existing.updated}`, ({ key }) => stripe.products.update(id, desired, { idempotencyKey: key }))
  return [{ kind: 'product', id, action: 'updated', detail: plan.name }]
}

async function syncPrice(stripe: Stripe, plan: Plan, wanted: CatalogPrice, current: Stripe.Price | undefined): Promise<CatalogChange[]> {
  const productId = productIdFor(plan)
  const matches =
    current?.active &&
    current.unit_amount === wanted.amount &&
    current.currency === wanted.currency &&
    current.recurring?.interval === wanted.interval &&
    current.product === productId
  if (matches) return []

  // Names the price it replaces, so returning to an earlier amount later is a new request, not a replay.
  const scope = `tollgate:price:${wanted.lookupKey}:${hashOf(wanted)}:replacing:${current?.id ?? 'none'}`
  const created = await withIdempotencyKey(scope, ({ key }) =>
    stripe.prices.create(
      {
        product: productId,
        unit_amount: wanted.amount,
        currency: wanted.currency,
        recurring: { interval: wanted.interval },
        lookup_key: wanted.lookupKey,
        transfer_lookup_key: true,
        nickname: `${plan.name} (${wanted.interval}ly)`,
        metadata: stripeMetadata({ [PLAN_TAG]: plan.key }),
      },
      { idempotencyKey: key },
    ),
  )
  const changes: CatalogChange[] = [{ kind: 'price', id: created.id, action: 'created', detail: `${wanted.lookupKey} ${format(wanted)}` }]
  if (current?.active) {
    await archivePrice(stripe, current.id)
    changes.push({ kind: 'price', id: current.id, action: 'archived', detail: `${wanted.lookupKey} moved to ${created.id}` })
  }
  return changes
}

const archivePrice = (stripe: Stripe, id: string) =>
  withIdempotencyKey(`tollgate:archive:${id}`, ({ key }) => stripe.prices.update(id, { active: false }, { idempotencyKey: key }))

/** A plan's lookup keys: its flat or per-seat prices and its metered ones. */
const lookupKeysOf = (plan: Plan): string[] => [...plan.prices.map((p) => p.lookupKey), ...metersOf(plan).flatMap((m) => m.prices.map((p) => p.lookupKey))]

async function archiveDropped(stripe: Stripe, plans: readonly Plan[]): Promise<CatalogChange[]> {
  const keep = new Set(plans.flatMap(lookupKeysOf))
  const keepProducts = new Set(plans.filter((p) => p.prices.length > 0).map(productIdFor))
  const changes: CatalogChange[] = []
  for await (const price of stripe.prices.list({ active: true, limit: 100 })) {
    if (!price.metadata[PLAN_TAG] || (price.lookup_key && keep.has(price.lookup_key))) continue
    await archivePrice(stripe, price.id)
    changes.push({ kind: 'price', id: price.id, action: 'archived', detail: `${price.lookup_key ?? price.id} is no longer in the catalog` })
  }
  for await (const product of stripe.products.list({ active: true, limit: 100 })) {
    if (!product.metadata[PLAN_TAG] || keepProducts.has(product.id)) continue
    await withIdempotencyKey(`tollgate:archive:${product.id}`, ({ key }) => stripe.products.update(product.id, { active: false }, { idempotencyKey: key }))
    changes.push({ kind: 'product', id: product.id, action: 'archived', detail: `${product.name} is no longer in the catalog` })
  }
  return changes
}

/** Mirrors every product and price the catalog owns, archived ones included (old subscriptions point at them). */
async function mirrorOwned(stripe: Stripe): Promise<void> {
  for await (const product of stripe.products.list({ limit: 100 })) if (product.metadata[PLAN_TAG]) await saveProduct(product)
  for await (const price of stripe.prices.list({ limit: 100 })) if (price.metadata[PLAN_TAG]) await savePrice(price)
}

const format = (price: CatalogPrice) => `${formatAmount(price.amount, price.currency)}/${price.interval}`
