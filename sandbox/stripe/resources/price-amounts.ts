// How a price charges and what a quantity of it costs (https://docs.stripe.com/api/prices/create,
// https://docs.stripe.com/products-prices/pricing-models): reading `unit_amount(_decimal)`, `transform_quantity`,
// `billing_scheme`, `tiers_mode` and `tiers` with Stripe's refusals, and amountForQuantity, which the metered invoice
// lines use. resources/prices.ts creates the prices.
import Stripe from 'stripe'
import { invalid } from '../door/errors'
import type { Params } from '../door/form-encoding'
import * as read from '../door/params'

type Decimal = Stripe.Decimal

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
export function readAmounts(params: Params): Amounts {
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
