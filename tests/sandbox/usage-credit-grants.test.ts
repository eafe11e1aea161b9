// Billing credits in the sandbox (https://docs.stripe.com/billing/subscriptions/usage-based/billing-credits): credit
// grants through the real SDK (create, retrieve, list, update, expire, void, with Stripe's refusals), the balance
// summary and its ledger; and applyCreditGrants, which an invoice calls before it is charged, drawing on grants in
// Stripe's order (priority, expiry, promotional before paid, effective, created) for metered lines only.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { Core } from '@/sandbox/stripe/core/core'
import type { Params } from '@/sandbox/stripe/door/form-encoding'
import type { ApiRoute } from '@/sandbox/stripe/door/router'
import { applyCreditGrants, creditGrantRoutes } from '@/sandbox/stripe/resources/credit-grants'
import { customerRoutes } from '@/sandbox/stripe/resources/customers'
import { meterRoutes } from '@/sandbox/stripe/resources/meters'
import { priceRoutes } from '@/sandbox/stripe/resources/prices'
import { rejectionOf } from '../support/sandbox-checkout'
import { DAY } from '../support/test-clocks'

let double: StripeDouble
let stripe: Stripe
let customer: Stripe.Customer
let metered: Stripe.Price
let licensed: Stripe.Price

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
  customer = await stripe.customers.create({ email: 'credits@example.com' })
  const meter = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_call', default_aggregation: { formula: 'sum' } })
  const product = await stripe.products.create({ name: 'API' })
  metered = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } })
  licensed = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1900, recurring: { interval: 'month' } })
})
afterAll(() => double.close())

const metered$ = { scope: { price_type: 'metered' as const } }
const balance = async () =>
  (await stripe.billing.creditBalanceSummaries.retrieve({ customer: customer.id, filter: { type: 'applicability_scope', applicability_scope: { price_type: 'metered' } } })).balances[0]?.available_balance.monetary?.value ?? 0

describe('credit grants', () => {
  it('leave the balance when their expiry passes, recorded in the ledger as credits_expired', async () => {
    const before = await balance()
    const grant = await stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 250 } }, applicability_config: metered$, category: 'promotional', expires_at: Math.floor(Date.now() / 1000) + 2 * DAY })
    expect(await balance()).toBe(before + 250)
    double.advanceClockTo((grant.expires_at ?? 0) + 1)
    expect(await balance()).toBe(before)
    const ledger = await stripe.billing.creditBalanceTransactions.list({ customer: customer.id, credit_grant: grant.id })
    expect(ledger.data.map((entry) => [entry.type, entry.credit?.type ?? entry.debit?.type])).toEqual([['debit', 'credits_expired'], ['credit', 'credits_granted']])
  })

  it('are created with Stripe’s defaults and add to the balance, with a ledger credit and their events', async () => {
    const start = double.events.length
    const before = await balance()
    const grant = await stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 5000 } }, applicability_config: metered$, name: 'Welcome' })
    expect(grant).toMatchObject({
      object: 'billing.credit_grant',
      amount: { type: 'monetary', monetary: { currency: 'usd', value: 5000 } },
      applicability_config: { scope: { price_type: 'metered' } },
      category: 'paid',
      customer: customer.id,
      expires_at: null,
      livemode: false,
      name: 'Welcome',
      priority: 50,
      test_clock: null,
      voided_at: null,
    })
    expect(grant.id).toMatch(/^credgr_/)
    expect(grant.effective_at).toBe(grant.created)
    expect(await stripe.billing.creditGrants.retrieve(grant.id)).toEqual(grant)
    expect(await balance()).toBe(before + 5000)
    expect(double.events.slice(start).map((event) => event.type)).toEqual(['billing.credit_grant.created', 'billing.credit_balance_transaction.created'])
    const ledger = await stripe.billing.creditBalanceTransactions.list({ customer: customer.id, credit_grant: grant.id })
    expect(ledger.data).toHaveLength(1)
    expect(ledger.data[0]).toMatchObject({ object: 'billing.credit_balance_transaction', type: 'credit', credit: { type: 'credits_granted', amount: { monetary: { value: 5000, currency: 'usd' } } }, debit: null, credit_grant: grant.id })
    expect(await stripe.billing.creditBalanceTransactions.retrieve(ledger.data[0]?.id ?? '')).toEqual(ledger.data[0])
  })

  it('refuse what Stripe refuses', async () => {
    const base = { customer: customer.id, amount: { type: 'monetary' as const, monetary: { currency: 'usd', value: 100 } }, applicability_config: metered$ }
    const refused = (params: object) => rejectionOf(stripe.billing.creditGrants.create({ ...base, ...params } as Stripe.Billing.CreditGrantCreateParams))
    expect(await refused({ amount: { type: 'monetary' } })).toMatchObject({ statusCode: 400, param: 'amount[monetary]' })
    expect(await refused({ amount: { type: 'monetary', monetary: { currency: 'usd', value: 0 } } })).toMatchObject({ statusCode: 400, param: 'amount[monetary][value]' })
    expect(await refused({ applicability_config: { scope: {} } })).toMatchObject({ statusCode: 400, code: 'parameter_missing' })
    expect(await refused({ applicability_config: { scope: { prices: [{ id: licensed.id }] } } })).toMatchObject({ statusCode: 400, param: 'applicability_config[scope][prices][0][id]' })
    expect(await refused({ priority: 101 })).toMatchObject({ statusCode: 400, param: 'priority' })
    expect(await refused({ category: 'gift' })).toMatchObject({ statusCode: 400, param: 'category' })
    expect(await refused({ customer: 'cus_missing' })).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' })
    expect(await refused({ effective_at: 2_000_000_000, expires_at: 1_999_999_999 })).toMatchObject({ statusCode: 400, param: 'expires_at' })
    const scoped = await stripe.billing.creditGrants.create({ ...base, applicability_config: { scope: { prices: [{ id: metered.id }] } } })
    expect(scoped.applicability_config.scope).toEqual({ prices: [{ id: metered.id }] })
    expect(await rejectionOf(stripe.billing.creditGrants.retrieve('credgr_missing'))).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })

  it('are updated (expiry, metadata), expired and voided; what was left leaves the balance as a ledger debit', async () => {
    const grant = await stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 700 } }, applicability_config: metered$ })
    const later = grant.created + 30 * DAY
    const updated = await stripe.billing.creditGrants.update(grant.id, { expires_at: later, metadata: { reason: 'promo' } })
    expect(updated).toMatchObject({ expires_at: later, metadata: { reason: 'promo' } })
    const before = await balance()
    const expired = await stripe.billing.creditGrants.expire(grant.id)
    expect(expired.expires_at).toBeLessThanOrEqual(later)
    expect(await balance()).toBe(before - 700)
    expect(await rejectionOf(stripe.billing.creditGrants.expire(grant.id))).toMatchObject({ statusCode: 400 })
    const debit = (await stripe.billing.creditBalanceTransactions.list({ customer: customer.id, credit_grant: grant.id })).data[0]
    expect(debit).toMatchObject({ type: 'debit', debit: { type: 'credits_expired', amount: { monetary: { value: 700 } } } })

    const voidable = await stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 300 } }, applicability_config: metered$ })
    const voided = await stripe.billing.creditGrants.voidGrant(voidable.id)
    expect(voided.voided_at).not.toBeNull()
    expect(await rejectionOf(stripe.billing.creditGrants.voidGrant(voidable.id))).toMatchObject({ statusCode: 400 })
    const listed = await stripe.billing.creditGrants.list({ customer: customer.id, limit: 2 })
    expect(listed.data.map((entry) => entry.id)).toEqual([voidable.id, grant.id])
  })

  it('count toward the balance only once effective, and the summary can be asked for one grant', async () => {
    const future = await stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 900 } }, applicability_config: metered$, effective_at: Math.floor(Date.now() / 1000) + 10 * DAY })
    const one = await stripe.billing.creditBalanceSummaries.retrieve({ customer: customer.id, filter: { type: 'credit_grant', credit_grant: future.id } })
    expect(one).toMatchObject({ object: 'billing.credit_balance_summary', customer: customer.id, balances: [] })
    double.advanceClockTo(future.effective_at ?? 0)
    const now = await stripe.billing.creditBalanceSummaries.retrieve({ customer: customer.id, filter: { type: 'credit_grant', credit_grant: future.id } })
    expect(now.balances).toEqual([{ available_balance: { type: 'monetary', monetary: { currency: 'usd', value: 900 } }, ledger_balance: { type: 'monetary', monetary: { currency: 'usd', value: 900 } } }])
  })
})

/** Calls a route the way the door does, on a bare account: applyCreditGrants is the sandbox's own, not an endpoint. */
function call(core: Core, routes: ApiRoute[], method: string, path: string, params: Params, args: string[] = []) {
  const route = routes.find((candidate) => candidate.method === method && candidate.path === path)
  if (!route) throw new Error(`no route ${method} ${path}`)
  return route.handle({ core, params, args }) as { id: string }
}

describe('applyCreditGrants', () => {
  it('draws on grants by priority, then earliest expiry, for metered lines only, and records each on the invoice and the ledger', () => {
    const core = new Core()
    const customerId = call(core, customerRoutes, 'POST', '/v1/customers', { email: 'apply@example.com' }).id
    const meter = call(core, meterRoutes, 'POST', '/v1/billing/meters', { display_name: 'Calls', event_name: 'call', default_aggregation: { formula: 'sum' } }).id
    const usage = call(core, priceRoutes, 'POST', '/v1/prices', { product_data: { name: 'Calls' }, currency: 'usd', unit_amount: '1', recurring: { interval: 'month', usage_type: 'metered', meter } }).id
    const seat = call(core, priceRoutes, 'POST', '/v1/prices', { product_data: { name: 'Seat' }, currency: 'usd', unit_amount: '500', recurring: { interval: 'month' } }).id
    const grant = (value: number, extra: Params = {}) =>
      call(core, creditGrantRoutes, 'POST', '/v1/billing/credit_grants', { customer: customerId, amount: { type: 'monetary', monetary: { currency: 'usd', value: String(value) } }, applicability_config: { scope: { price_type: 'metered' } }, ...extra }).id
    const paidForever = grant(1000)
    const promoFirst = grant(300, { priority: '10', category: 'promotional' })
    const expiringSoon = grant(400, { expires_at: String(core.now() + 5 * DAY) })
    const otherCurrency = call(core, creditGrantRoutes, 'POST', '/v1/billing/credit_grants', { customer: customerId, amount: { type: 'monetary', monetary: { currency: 'eur', value: '999' } }, applicability_config: { scope: { price_type: 'metered' } } }).id

    const line = (id: string, price: string, amount: number) => ({ id, amount, pricing: { price_details: { price, product: 'prod' }, type: 'price_details' }, pretax_credit_amounts: [] })
    const invoice = {
      id: 'in_test',
      object: 'invoice',
      customer: customerId,
      currency: 'usd',
      lines: { data: [line('il_seat', seat, 500), line('il_usage', usage, 1000)] },
      total: 1500,
      total_excluding_tax: 1500,
      amount_due: 1500,
      amount_remaining: 1500,
      total_pretax_credit_amounts: [],
    } as unknown as Stripe.Invoice

    expect(applyCreditGrants(core, invoice)).toBe(1000)
    const applied = [...core.creditBalanceTransactions.values()].filter((transaction) => transaction.debit?.type === 'credits_applied')
    expect(applied.map((transaction) => [transaction.credit_grant, transaction.debit?.amount.monetary?.value])).toEqual([
      [promoFirst, 300],
      [expiringSoon, 400],
      [paidForever, 300],
    ])
    expect(applied.every((transaction) => transaction.debit?.credits_applied?.invoice === 'in_test' && transaction.debit.credits_applied.invoice_line_item === 'il_usage')).toBe(true)
    expect(invoice.lines.data[0]?.pretax_credit_amounts).toEqual([])
    expect(invoice.lines.data[1]?.pretax_credit_amounts?.map((entry) => entry.amount)).toEqual([300, 400, 300])
    expect(invoice.total_pretax_credit_amounts?.map((entry) => [entry.type, entry.amount])).toEqual([
      ['credit_balance_transaction', 300],
      ['credit_balance_transaction', 400],
      ['credit_balance_transaction', 300],
    ])
    expect(invoice).toMatchObject({ total: 500, amount_due: 500, amount_remaining: 500 })
    expect([...core.creditBalanceTransactions.values()].some((transaction) => transaction.credit_grant === otherCurrency && transaction.debit !== null)).toBe(false)

    // What is left (700 of the paid grant) pays the next invoice; nothing is drawn twice.
    const next = { ...invoice, id: 'in_next', lines: { data: [line('il_usage2', usage, 2000)] }, total: 2000, total_excluding_tax: 2000, amount_due: 2000, amount_remaining: 2000, total_pretax_credit_amounts: [] } as unknown as Stripe.Invoice
    expect(applyCreditGrants(core, next)).toBe(700)
    expect(next.amount_due).toBe(1300)
    expect(applyCreditGrants(core, { ...next, id: 'in_third', lines: { data: [line('il_usage3', usage, 50)] }, amount_due: 50, amount_remaining: 50, total: 50 } as unknown as Stripe.Invoice)).toBe(0)
  })
})
