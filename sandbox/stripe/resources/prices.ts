import Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import { previousAttributes } from '../core/events'
import type { Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'
import { toWire } from '../core/wire'
import { createProduct, requireProduct } from './products'

const INTERVALS = ['day', 'week', 'month', 'year'] as const
const TAX_BEHAVIORS = ['exclusive', 'inclusive', 'unspecified'] as const

export function requirePrice(core: Core, id: string, param?: string): Stripe.Price {
  const price = core.prices.get(id)
  if (!price) throw noSuch('price', id, param)
  return price
}

/** The legacy `plan` view of a recurring price, still present on subscription items. */
export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring ?? { interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' }
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === 'string' ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: recurring.usage_type,
  }
}

function create(core: Core, params: Params): Stripe.Price {
  const productData = read.optionalObject(params, 'product_data')
  const productId = read.optionalString(params, 'product')
  if (!productId && !productData) throw invalid('You must specify either `product` or `product_data` when creating a price.', 'product', 'parameter_missing')
  const unitAmount = read.optionalInteger(params, 'unit_amount')
  if (unitAmount === undefined) throw invalid('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing')
  if (unitAmount < 0) throw invalid('This value must be greater than or equal to 0.', 'unit_amount', 'parameter_invalid_integer')
  const currency = read.requiredString(params, 'currency').toLowerCase()
  if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}.`, 'currency')
  const recurring = readRecurring(params)
  const lookupKey = lookupKeyChange(core, params, null)
  const product = productId ? requireProduct(core, productId, 'product') : createProduct(core, productData ?? {}, (key) => `product_data[${key}]`)
  const price: Stripe.Price = {
    id: newId('price_'),
    object: 'price',
    active: read.optionalBoolean(params, 'active') ?? true,
    billing_scheme: 'per_unit',
    created: core.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: read.applyMetadata({}, params),
    nickname: read.nullableString(params, 'nickname') ?? null,
    product: product.id,
    recurring,
    tax_behavior: read.oneOf(params, 'tax_behavior', TAX_BEHAVIORS) ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: Stripe.Decimal.from(String(unitAmount)),
  }
  applyLookupKey(core, price, lookupKey)
  core.prices.set(price.id, price)
  core.emit('price.created', price)
  return price
}

function readRecurring(params: Params): Stripe.Price.Recurring | null {
  const recurring = read.optionalObject(params, 'recurring')
  if (!recurring) return null
  const interval = read.oneOf(recurring, 'interval', INTERVALS, 'recurring[interval]')
  if (!interval) throw invalid('Missing required param: recurring[interval].', 'recurring[interval]', 'parameter_missing')
  const count = read.optionalInteger(recurring, 'interval_count', 'recurring[interval_count]') ?? 1
  const max = { day: 1095, week: 156, month: 36, year: 3 }[interval]
  if (count < 1 || count > max) throw invalid(`Invalid recurring[interval_count]: must be between 1 and ${max}.`, 'recurring[interval_count]')
  const usage = read.oneOf(recurring, 'usage_type', ['licensed', 'metered'] as const, 'recurring[usage_type]') ?? 'licensed'
  return { interval, interval_count: count, meter: null, trial_period_days: null, usage_type: usage }
}

type LookupKeyChange = { key: string | null; holder: Stripe.Price | undefined } | undefined

/** Lookup keys are unique; `transfer_lookup_key=true` takes one from the price that holds it. Validates only. */
function lookupKeyChange(core: Core, params: Params, priceId: string | null): LookupKeyChange {
  const key = read.nullableString(params, 'lookup_key')
  if (key === undefined) return undefined
  if (key !== null && key.length > 200) throw invalid('Lookup key must be at most 200 characters.', 'lookup_key')
  const holder = key === null ? undefined : [...core.prices.values()].find((p) => p.lookup_key === key && p.id !== priceId)
  if (holder && !read.optionalBoolean(params, 'transfer_lookup_key')) {
    throw invalid(`A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key')
  }
  return { key, holder }
}

function applyLookupKey(core: Core, price: Stripe.Price, change: LookupKeyChange): void {
  if (!change) return
  if (change.holder) {
    change.holder.lookup_key = null
    core.emit('price.updated', change.holder, { lookup_key: change.key })
  }
  price.lookup_key = change.key
}

function update(core: Core, price: Stripe.Price, params: Params): Stripe.Price {
  const lookupKey = lookupKeyChange(core, params, price.id)
  const active = read.optionalBoolean(params, 'active')
  const nickname = read.nullableString(params, 'nickname')
  const taxBehavior = read.oneOf(params, 'tax_behavior', TAX_BEHAVIORS)
  const metadata = read.applyMetadata(price.metadata, params)
  const before = toWire(price)
  if (active !== undefined) price.active = active
  if (nickname !== undefined) price.nickname = nickname
  if (taxBehavior !== undefined) price.tax_behavior = taxBehavior
  price.metadata = metadata
  applyLookupKey(core, price, lookupKey)
  // Subscription items embed the price; keep their copy (and the legacy plan) current.
  for (const subscription of core.subscriptions.values()) {
    for (const item of subscription.items.data) {
      if (item.price.id !== price.id) continue
      item.price = price
      item.plan = planFromPrice(price)
    }
  }
  const changes = previousAttributes(before, price)
  if (changes) core.emit('price.updated', price, changes)
  return price
}

function list(core: Core, params: Params) {
  const lookupKeys = read.stringArray(params, 'lookup_keys')
  const active = read.optionalBoolean(params, 'active')
  const product = read.optionalString(params, 'product')
  const type = read.oneOf(params, 'type', ['one_time', 'recurring'] as const)
  const currency = read.optionalString(params, 'currency')?.toLowerCase()
  const matches = newestFirst(core.prices).filter(
    (price) =>
      (lookupKeys.length === 0 || (price.lookup_key !== null && lookupKeys.includes(price.lookup_key))) &&
      (active === undefined || price.active === active) &&
      (product === undefined || price.product === product) &&
      (type === undefined || price.type === type) &&
      (currency === undefined || price.currency === currency),
  )
  return listOf(matches, params, '/v1/prices')
}

export const priceRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/prices',
    params: [
      'product',
      'product_data[id]',
      'product_data[name]',
      'product_data[active]',
      'product_data[metadata]',
      'unit_amount',
      'currency',
      'recurring[interval]',
      'recurring[interval_count]',
      'recurring[usage_type]',
      'lookup_key',
      'transfer_lookup_key',
      'active',
      'metadata',
      'nickname',
      'tax_behavior',
    ],
    handle: ({ core, params }) => create(core, params),
  },
  { method: 'GET', path: '/v1/prices/:id', params: [], handle: ({ core, args: [id = ''] }) => requirePrice(core, id) },
  // Amount, currency, interval and product are immutable: the update endpoint has no such parameters, so Stripe
  // answers "Received unknown parameter" (https://docs.stripe.com/api/prices/update).
  {
    method: 'POST',
    path: '/v1/prices/:id',
    params: ['lookup_key', 'transfer_lookup_key', 'active', 'nickname', 'tax_behavior', 'metadata'],
    handle: ({ core, params, args: [id = ''] }) => update(core, requirePrice(core, id), params),
  },
  { method: 'GET', path: '/v1/prices', params: ['lookup_keys', 'active', 'product', 'type', 'currency', ...PAGINATION], handle: ({ core, params }) => list(core, params) },
]

type Decimal = Stripe.Decimal

const decimalOf = (amount: Decimal | null, whole: number | null): Decimal => amount ?? Stripe.Decimal.from(String(whole ?? 0))

/** Rounds a total in the currency's smallest unit to a whole one, half up (Stripe bills whole cents). */
function whole(amount: Decimal): number {
  return amount.round('half-up', { mode: 'decimal-places', value: 0 }).toNumber()
}

/**
 * What Stripe charges for `quantity` units of a price, in the currency's smallest unit
 * (https://docs.stripe.com/products-prices/pricing-models): per unit (`unit_amount_decimal`, after
 * `transform_quantity`: "Divide usage by this number" then round `up` or `down`); graduated tiers ("the first 5 units
 * at the first tier's price, the next 5 at the second's", each tier's `flat_amount` once units reach it); volume tiers
 * (every unit at the price of the tier the total falls in, plus that tier's flat amount). Nothing is charged for
 * nothing: a quantity of 0 is 0.
 */
export function amountForQuantity(price: Stripe.Price, quantity: number): number {
  if (quantity <= 0) return 0
  if (price.billing_scheme !== 'tiered') {
    const transform = price.transform_quantity
    const units = transform ? (transform.round === 'up' ? Math.ceil(quantity / transform.divide_by) : Math.floor(quantity / transform.divide_by)) : quantity
    return whole(decimalOf(price.unit_amount_decimal, price.unit_amount).mul(Stripe.Decimal.from(String(units))))
  }
  const tiers = price.tiers ?? []
  const unitsOf = (count: number, tier: Stripe.Price.Tier): Decimal =>
    decimalOf(tier.unit_amount_decimal, tier.unit_amount).mul(Stripe.Decimal.from(String(count))).add(decimalOf(tier.flat_amount_decimal, tier.flat_amount))
  if (price.tiers_mode === 'volume') {
    const tier = tiers.find((candidate) => candidate.up_to === null || quantity <= candidate.up_to) ?? tiers[tiers.length - 1]
    return tier ? whole(unitsOf(quantity, tier)) : 0
  }
  let total = Stripe.Decimal.from('0')
  let floor = 0
  for (const tier of tiers) {
    if (quantity <= floor) break
    const ceiling = tier.up_to ?? Infinity
    total = total.add(unitsOf(Math.min(quantity, ceiling) - floor, tier))
    floor = ceiling
  }
  return whole(total)
}
