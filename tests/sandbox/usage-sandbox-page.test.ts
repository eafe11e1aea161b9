// Usage on the sandbox controls page (/sandbox): each meter with, per customer, the usage Stripe has counted, what is
// still processing, what was rejected, and the credit balance; and the account's saved file keeps meters, events and
// grants across a restart, as it keeps every other object.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { AGGREGATION_DELAY } from '@/sandbox/stripe/resources/meter-events'

const stateFile = join(mkdtempSync(join(tmpdir(), 'tollgate-sandbox-usage-')), 'stripe-sandbox.json')
let double: StripeDouble
let stripe: Stripe

beforeAll(async () => {
  double = await startStripeDouble({ stateFile })
  stripe = double.client()
})
afterAll(() => double.close())

const controls = async () => (await fetch(`${double.url}/sandbox`)).text()
const accountNow = async () => (await stripe.customers.create({ email: 'clock-reader@example.com' })).created

describe('usage on /sandbox', () => {
  it('shows each meter’s usage per customer once counted, what is processing, what was rejected, and credits', async () => {
    expect(await controls()).not.toContain('<h2>Usage</h2>')
    const meter = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_call', default_aggregation: { formula: 'sum' } })
    const customer = await stripe.customers.create({ email: 'acme@example.com', name: 'Acme' })
    await stripe.billing.creditGrants.create({ customer: customer.id, amount: { type: 'monetary', monetary: { currency: 'usd', value: 1250 } }, applicability_config: { scope: { price_type: 'metered' } } })
    await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: '1200' } })
    await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: 'lots' } })
    const before = await controls()
    expect(before).toContain('<h2>Usage</h2>')
    expect(before).toContain('Acme: 0 in all (1 event still processing) · credits $12.50')
    expect(before).toContain('usage of')
    double.advanceClockTo((await accountNow()) + AGGREGATION_DELAY)
    const after = await controls()
    expect(after).toContain('Acme: 1,200 in all · credits $12.50')
    expect(after).toContain('1 event was rejected')
  })

  it('keeps meters, events and grants in the saved account across a restart', async () => {
    await double.idle()
    const restarted = await startStripeDouble({ stateFile })
    try {
      const page = await (await fetch(`${restarted.url}/sandbox`)).text()
      expect(page).toContain('Acme: 1,200 in all · credits $12.50')
      const meters = await restarted.client().billing.meters.list()
      expect(meters.data.map((meter) => meter.event_name)).toEqual(['api_call'])
    } finally {
      restarted.close()
    }
  })
})
