// Metered and tiered prices in the sandbox, through the real SDK, and what Stripe charges for a quantity of them
// (https://docs.stripe.com/api/prices/create, https://docs.stripe.com/products-prices/pricing-models): a metered price
// names an active meter (API 2025-03-31 and later), tiers need a mode and end at `inf`, `transform_quantity` is for
// per-unit prices only, and `tiers` come back only when expanded.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { amountForQuantity } from '@/sandbox/stripe/resources/prices'
import { rejectionOf } from '../support/sandbox-checkout'

let double: StripeDouble
let stripe: Stripe
let product: Stripe.Product
let apiCalls: Stripe.Billing.Meter

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
  product = await stripe.products.create({ name: 'API' })
  apiCalls = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_call', default_aggregation: { formula: 'sum' } })
})
afterAll(() => double.close())

/** The SDK parses decimal fields into Stripe.Decimal; compare their wire form. */
const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value))

const monthlyMetered = (meter = apiCalls.id) => ({ interval: 'month' as const, usage_type: 'metered' as const, meter })

/** Users 1–5 at $7.00, 6–10 at $6.50, 11 and up at $6.00. */
const userTiers: Stripe.PriceCreateParams.Tier[] = [
  { up_to: 5, unit_amount: 700 },
  { up_to: 10, unit_amount: 650 },
  { up_to: 'inf', unit_amount: 600 },
]

describe('metered prices', () => {
  it('name their meter', async () => {
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: monthlyMetered() })
    expect(price.recurring).toEqual({ interval: 'month', interval_count: 1, meter: apiCalls.id, trial_period_days: null, usage_type: 'metered' })
    expect(wire(price)).toMatchObject({ billing_scheme: 'per_unit', unit_amount: 2, unit_amount_decimal: '2', tiers_mode: null, transform_quantity: null })
  })

  it('are refused without a meter, with a meter that does not exist or is inactive, and a licensed price may not name one', async () => {
    const noMeter = stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered' } })
    expect(await rejectionOf(noMeter)).toMatchObject({ statusCode: 400, param: 'recurring[meter]' })
    const missing = stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: monthlyMetered('mtr_missing') })
    expect(await rejectionOf(missing)).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'recurring[meter]' })
    const licensed = stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: { interval: 'month', meter: apiCalls.id } })
    expect(await rejectionOf(licensed)).toMatchObject({ statusCode: 400, param: 'recurring[meter]' })
    const old = await stripe.billing.meters.create({ display_name: 'Old', event_name: 'old_call', default_aggregation: { formula: 'sum' } })
    await stripe.billing.meters.deactivate(old.id)
    expect(await rejectionOf(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, recurring: monthlyMetered(old.id) }))).toMatchObject({ statusCode: 400, param: 'recurring[meter]' })
  })
})

describe('tiered prices', () => {
  it('keep their tiers out of the response unless expanded', async () => {
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: userTiers, recurring: monthlyMetered() })
    expect(price).toMatchObject({ billing_scheme: 'tiered', tiers_mode: 'graduated', unit_amount: null, unit_amount_decimal: null })
    expect(price.tiers).toBeUndefined()
    const expanded = await stripe.prices.retrieve(price.id, { expand: ['tiers'] })
    expect(wire(expanded.tiers)).toEqual([
      { flat_amount: null, flat_amount_decimal: null, unit_amount: 700, unit_amount_decimal: '700', up_to: 5 },
      { flat_amount: null, flat_amount_decimal: null, unit_amount: 650, unit_amount_decimal: '650', up_to: 10 },
      { flat_amount: null, flat_amount_decimal: null, unit_amount: 600, unit_amount_decimal: '600', up_to: null },
    ])
  })

  it('refuse what Stripe refuses: no mode, no tiers, a unit amount beside tiers, transform_quantity with tiers, a last tier short of inf, tiers out of order', async () => {
    const tiered = (extra: Partial<Stripe.PriceCreateParams>) =>
      rejectionOf(stripe.prices.create({ product: product.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'volume', tiers: userTiers, recurring: monthlyMetered(), ...extra }))
    expect(await tiered({ tiers_mode: undefined })).toMatchObject({ statusCode: 400, param: 'tiers_mode' })
    expect(await tiered({ tiers: undefined })).toMatchObject({ statusCode: 400, param: 'tiers' })
    expect(await tiered({ unit_amount: 5 })).toMatchObject({ statusCode: 400, param: 'unit_amount' })
    expect(await tiered({ transform_quantity: { divide_by: 1000, round: 'up' } })).toMatchObject({ statusCode: 400, param: 'transform_quantity' })
    expect(await tiered({ tiers: [{ up_to: 5, unit_amount: 1 }, { up_to: 10, unit_amount: 1 }] })).toMatchObject({ statusCode: 400, param: 'tiers[1][up_to]' })
    expect(await tiered({ tiers: [{ up_to: 'inf', unit_amount: 1 }, { up_to: 10, unit_amount: 1 }] })).toMatchObject({ statusCode: 400, param: 'tiers[0][up_to]' })
    expect(await tiered({ tiers: [{ up_to: 10, unit_amount: 1 }, { up_to: 5, unit_amount: 1 }, { up_to: 'inf', unit_amount: 1 }] })).toMatchObject({ statusCode: 400, param: 'tiers[1][up_to]' })
    expect(await tiered({ tiers: [{ up_to: 10 }, { up_to: 'inf', unit_amount: 1 }] })).toMatchObject({ statusCode: 400, param: 'tiers[0][unit_amount]' })
    const perUnitWithTiers = stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, tiers_mode: 'volume', recurring: monthlyMetered() })
    expect(await rejectionOf(perUnitWithTiers)).toMatchObject({ statusCode: 400, param: 'tiers_mode' })
    const both = stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, unit_amount_decimal: Stripe.Decimal.from('1.5'), recurring: monthlyMetered() })
    expect(await rejectionOf(both)).toMatchObject({ statusCode: 400, param: 'unit_amount' })
  })
})

describe('what a quantity costs', () => {
  async function priced(params: Partial<Stripe.PriceCreateParams>): Promise<Stripe.Price> {
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', recurring: monthlyMetered(), ...params } as Stripe.PriceCreateParams)
    return stripe.prices.retrieve(price.id, { expand: ['tiers'] })
  }

  it('graduated: each unit at its own tier’s price (8 users: 5 × $7 + 3 × $6.50 = $54.50)', async () => {
    const price = await priced({ billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: userTiers })
    expect(amountForQuantity(price, 8)).toBe(5450)
    expect(amountForQuantity(price, 5)).toBe(3500)
    expect(amountForQuantity(price, 12)).toBe(3500 + 3250 + 1200)
    expect(amountForQuantity(price, 0)).toBe(0)
  })

  it('volume: every unit at the price of the tier the total falls in (8 users: 8 × $6.50 = $52)', async () => {
    const price = await priced({ billing_scheme: 'tiered', tiers_mode: 'volume', tiers: userTiers })
    expect(amountForQuantity(price, 8)).toBe(5200)
    expect(amountForQuantity(price, 5)).toBe(3500)
    expect(amountForQuantity(price, 11)).toBe(6600)
  })

  it('an allowance as a free first tier, and a flat fee on a tier, charged once units reach it', async () => {
    const allowance = await priced({ billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: [{ up_to: 1000, unit_amount: 0 }, { up_to: 'inf', unit_amount_decimal: Stripe.Decimal.from('0.5') }] })
    expect(amountForQuantity(allowance, 1000)).toBe(0)
    expect(amountForQuantity(allowance, 1003)).toBe(2) // 3 × 0.5¢ = 1.5¢, rounded half up
    const flat = await priced({ billing_scheme: 'tiered', tiers_mode: 'graduated', tiers: [{ up_to: 10, flat_amount: 1000 }, { up_to: 'inf', unit_amount: 100, flat_amount: 500 }] })
    expect(amountForQuantity(flat, 4)).toBe(1000)
    expect(amountForQuantity(flat, 12)).toBe(1000 + 500 + 200)
  })

  it('per unit: decimals rounded to whole cents, packages by transform_quantity rounded up or down', async () => {
    expect(amountForQuantity(await priced({ unit_amount_decimal: Stripe.Decimal.from('0.25') }), 10)).toBe(3)
    const up = await priced({ unit_amount: 500, transform_quantity: { divide_by: 1000, round: 'up' } })
    expect(up.transform_quantity).toEqual({ divide_by: 1000, round: 'up' })
    expect(amountForQuantity(up, 1001)).toBe(1000)
    const down = await priced({ unit_amount: 500, transform_quantity: { divide_by: 1000, round: 'down' } })
    expect(amountForQuantity(down, 1999)).toBe(500)
  })
})
