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
import { requireMeter } from './meters'
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
    meter: recurring.meter,
    nickname: price.nickname,
    product: typeof price.product === 'string' ? price.product : price.product.id,
    tiers: price.tiers,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity,
    trial_period_days: null,
    usage_type: recurring.usage_type,
  }
}

function create(core: Core, params: Params): Stripe.Price {
  const productData = read.optionalObject(params, 'product_data')
  const productId = read.optionalString(params, 'product')
  if (!productId && !productData) throw invalid('You must specify either `product` or `product_data` when creating a price.', 'product', 'parameter_missing')
  const currency = read.requiredString(params, 'currency').toLowerCase()
  if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}.`, 'currency')
  const amounts = readAmounts(params)
  const recurring = readRecurring(core, params)
  const lookupKey = lookupKeyChange(core, params, null)
  const product = productId ? requireProduct(core, productId, 'product') : createProduct(core, productData ?? {}, (key) => `product_data[${key}]`)
  const price: Stripe.Price = {
    id: newId('price_'),
    object: 'price',
    active: read.optionalBoolean(params, 'active') ?? true,
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
    type: recurring ? 'recurring' : 'one_time',
    ...amounts,
  }
  applyLookupKey(core, price, lookupKey)
  core.prices.set(price.id, price)
  core.emit('price.created', price)
  return price
}

type Amounts = Pick<Stripe.Price, 'billing_scheme' | 'tiers' | 'tiers_mode' | 'transform_quantity' | 'unit_amount' | 'unit_amount_decimal'>

/** "Maximum of 12 decimal places" for `unit_amount_decimal` and a tier's decimals (https://docs.stripe.com/api/prices/create). */
const DECIMAL = /^\d+(\.\d{1,12})?$/

function readDecimal(params: Params, key: string, path: string): Stripe.Decimal | undefined {
  const value = read.optionalString(params, key, path)
  if (value === undefined) return undefined
  if (!DECIMAL.test(value)) throw invalid(`Invalid decimal: ${value}. Must be a non-negative number with at most 12 decimal places.`, path, 'parameter_invalid_decimal')
  return Stripe.Decimal.from(value)
}

/** A whole amount or its decimal twin, never both ("Only one of `unit_amount` and `unit_amount_decimal` can be set"). */
function readAmount(params: Params, key: string, prefix: string): { whole: number | null; decimal: Stripe.Decimal | null } {
  const path = (name: string) => (prefix ? `${prefix}[${name}]` : name)
  const whole = read.optionalInteger(params, key, path(key))
  const decimal = readDecimal(params, `${key}_decimal`, path(`${key}_decimal`))
  if (whole !== undefined && decimal !== undefined) throw invalid(`You may only specify one of these parameters: ${path(key)}, ${path(`${key}_decimal`)}.`, path(key))
  if (whole !== undefined && whole < 0) throw invalid('This value must be greater than or equal to 0.', path(key), 'parameter_invalid_integer')
  if (whole !== undefined) return { whole, decimal: Stripe.Decimal.from(String(whole)) }
  return { whole: decimal === undefined || decimal.toString().includes('.') ? null : decimal.toNumber(), decimal: decimal ?? null }
}

/**
 * How a price charges (https://docs.stripe.com/api/prices/create, https://docs.stripe.com/products-prices/pricing-models):
 * `per_unit` needs `unit_amount` or `unit_amount_decimal`, and may divide the quantity (`transform_quantity`, not with
 * tiers); `tiered` needs `tiers` and `tiers_mode` and takes no unit amount; tiers rise by `up_to`, the last one `inf`,
 * each with a unit or a flat amount. The refusals' words are the sandbox's own where Stripe's are not documented.
 */
function readAmounts(params: Params): Amounts {
  const scheme = read.oneOf(params, 'billing_scheme', ['per_unit', 'tiered'] as const) ?? 'per_unit'
  const tiersMode = read.oneOf(params, 'tiers_mode', ['graduated', 'volume'] as const)
  const rawTiers = read.optionalArray(params, 'tiers')
  const transform = read.optionalObject(params, 'transform_quantity')
  if (scheme === 'per_unit') {
    if (rawTiers) throw invalid('`tiers` can only be set when `billing_scheme` is `tiered`.', 'tiers')
    if (tiersMode) throw invalid('`tiers_mode` can only be set when `billing_scheme` is `tiered`.', 'tiers_mode')
    const { whole, decimal } = readAmount(params, 'unit_amount', '')
    if (decimal === null) throw invalid('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing')
    return { billing_scheme: 'per_unit', tiers_mode: null, transform_quantity: readTransform(transform), unit_amount: whole, unit_amount_decimal: decimal }
  }
  if (params.unit_amount !== undefined || params.unit_amount_decimal !== undefined) throw invalid('`unit_amount` cannot be set when `billing_scheme` is `tiered`: set each tier’s amounts.', 'unit_amount')
  if (transform) throw invalid('`transform_quantity` cannot be used with `billing_scheme=tiered`.', 'transform_quantity')
  if (!tiersMode) throw invalid('Missing required param: tiers_mode.', 'tiers_mode', 'parameter_missing')
  if (!rawTiers || rawTiers.length === 0) throw invalid('Missing required param: tiers.', 'tiers', 'parameter_missing')
  return { billing_scheme: 'tiered', tiers_mode: tiersMode, tiers: readTiers(rawTiers), transform_quantity: null, unit_amount: null, unit_amount_decimal: null }
}

function readTransform(transform: Params | undefined): Stripe.Price.TransformQuantity | null {
  if (!transform) return null
  const divideBy = read.optionalInteger(transform, 'divide_by', 'transform_quantity[divide_by]')
  if (divideBy === undefined || divideBy < 1) throw invalid('transform_quantity[divide_by] must be a positive integer.', 'transform_quantity[divide_by]')
  const round = read.oneOf(transform, 'round', ['down', 'up'] as const, 'transform_quantity[round]')
  if (!round) throw invalid('Missing required param: transform_quantity[round].', 'transform_quantity[round]', 'parameter_missing')
  return { divide_by: divideBy, round }
}

function readTiers(raw: unknown[]): Stripe.Price.Tier[] {
  let previous = 0
  return raw.map((entry, index) => {
    const tier = entry as Params
    const path = `tiers[${index}]`
    const last = index === raw.length - 1
    const upTo = tier.up_to === 'inf' ? null : read.optionalInteger(tier, 'up_to', `${path}[up_to]`)
    if (upTo === undefined) throw invalid(`Missing required param: ${path}[up_to].`, `${path}[up_to]`, 'parameter_missing')
    if (upTo === null && !last) throw invalid('Only the last tier may have `up_to` set to `inf`.', `${path}[up_to]`)
    if (upTo !== null && last) throw invalid('The last tier must have `up_to` set to `inf`.', `${path}[up_to]`)
    if (upTo !== null && upTo <= previous) throw invalid('Tiers must be in ascending order of `up_to`, each above the one before.', `${path}[up_to]`)
    if (upTo !== null) previous = upTo
    const unit = readAmount(tier, 'unit_amount', path)
    const flat = readAmount(tier, 'flat_amount', path)
    if (unit.decimal === null && flat.decimal === null) throw invalid(`Each tier needs a unit amount or a flat amount: ${path}.`, `${path}[unit_amount]`, 'parameter_missing')
    return { flat_amount: flat.whole, flat_amount_decimal: flat.decimal, unit_amount: unit.whole, unit_amount_decimal: unit.decimal, up_to: upTo }
  })
}

/**
 * Since API 2025-03-31 "you can no longer create a price with a `usage_type` of `metered` without a specified
 * `meter`" (https://docs.stripe.com/changelog/basil/2025-03-31/deprecate-legacy-usage-based-billing); a meter goes on
 * a metered price only, and "you can't attach a deactivated meter to a price"
 * (https://docs.stripe.com/api/billing/meter/deactivate).
 */
function readRecurring(core: Core, params: Params): Stripe.Price.Recurring | null {
  const recurring = read.optionalObject(params, 'recurring')
  if (!recurring) return null
  const interval = read.oneOf(recurring, 'interval', INTERVALS, 'recurring[interval]')
  if (!interval) throw invalid('Missing required param: recurring[interval].', 'recurring[interval]', 'parameter_missing')
  const count = read.optionalInteger(recurring, 'interval_count', 'recurring[interval_count]') ?? 1
  const max = { day: 1095, week: 156, month: 36, year: 3 }[interval]
  if (count < 1 || count > max) throw invalid(`Invalid recurring[interval_count]: must be between 1 and ${max}.`, 'recurring[interval_count]')
  const usage = read.oneOf(recurring, 'usage_type', ['licensed', 'metered'] as const, 'recurring[usage_type]') ?? 'licensed'
  const meterId = read.optionalString(recurring, 'meter', 'recurring[meter]')
  if (usage === 'metered' && !meterId) throw invalid('Metered prices must be backed by a meter: set `recurring[meter]`.', 'recurring[meter]', 'parameter_missing')
  if (usage !== 'metered' && meterId) throw invalid('`recurring[meter]` can only be set when `recurring[usage_type]` is `metered`.', 'recurring[meter]')
  if (meterId && requireMeter(core, meterId, 'recurring[meter]').status !== 'active') {
    throw invalid(`The meter \`${meterId}\` is inactive: a deactivated meter cannot be attached to a price.`, 'recurring[meter]')
  }
  return { interval, interval_count: count, meter: meterId ?? null, trial_period_days: null, usage_type: usage }
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
      'recurring[meter]',
      'billing_scheme',
      'tiers',
      'tiers_mode',
      'transform_quantity',
      'unit_amount_decimal',
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

/**
 * `tiers`: "This field is not included by default. To include it in the response, expand the `tiers` field"
 * (https://docs.stripe.com/api/prices/object#price_object-tiers). Kept on the stored price for amountForQuantity.
 */
export function registerPriceFields(core: Core): void {
  const tiersOf = (owner: Record<string, unknown>) => core.prices.get(String(owner.id))?.tiers ?? null
  core.virtualFields.set('price.tiers', tiersOf)
  core.virtualFields.set('plan.tiers', tiersOf)
}

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
