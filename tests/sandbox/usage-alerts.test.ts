// Usage alerts and meter error reports in the sandbox, through the real SDK: alerts on a meter
// (https://docs.stripe.com/api/billing/alert) fire `billing.alert.triggered` once per customer when aggregated usage
// reaches the threshold, never before Stripe has aggregated it; events Stripe rejects asynchronously come back as v2
// events (`v1.billing.meter.error_report_triggered`, `v1.billing.meter.no_meter_found`) read with `stripe.v2.core.events`.
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { AGGREGATION_DELAY } from '@/sandbox/stripe/resources/meter-events'
import { rejectionOf } from '../support/sandbox-checkout'

let double: StripeDouble
let stripe: Stripe
let meter: Stripe.Billing.Meter

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
  meter = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_call', default_aggregation: { formula: 'sum' } })
})
afterAll(() => double.close())

const accountNow = async () => (await stripe.customers.create({ email: 'clock-reader@example.com' })).created
const use = (customer: string, value: number, event_name = meter.event_name) => stripe.billing.meterEvents.create({ event_name, payload: { stripe_customer_id: customer, value: String(value) } })
const triggered = () => double.events.filter((event): event is Stripe.BillingAlertTriggeredEvent => event.type === 'billing.alert.triggered')

describe('usage alerts', () => {
  it('are created, retrieved, listed by meter, deactivated, activated and archived', async () => {
    const alert = await stripe.billing.alerts.create({ alert_type: 'usage_threshold', title: '80% of the allowance', usage_threshold: { gte: 800, meter: meter.id, recurrence: 'one_time' } })
    expect(alert).toMatchObject({ object: 'billing.alert', alert_type: 'usage_threshold', livemode: false, status: 'active', title: '80% of the allowance', usage_threshold: { filters: null, gte: 800, meter: meter.id, recurrence: 'one_time' } })
    expect(alert.id).toMatch(/^alrt_/)
    expect(await stripe.billing.alerts.retrieve(alert.id)).toEqual(alert)
    expect((await stripe.billing.alerts.deactivate(alert.id)).status).toBe('inactive')
    expect((await stripe.billing.alerts.activate(alert.id)).status).toBe('active')
    expect((await stripe.billing.alerts.list({ meter: meter.id })).data.map((entry) => entry.id)).toContain(alert.id)
    expect((await stripe.billing.alerts.archive(alert.id)).status).toBe('archived')
    expect((await stripe.billing.alerts.list({ meter: meter.id })).data.map((entry) => entry.id)).not.toContain(alert.id)
    expect(await rejectionOf(stripe.billing.alerts.activate(alert.id))).toMatchObject({ statusCode: 400 })
  })

  it('refuse what Stripe refuses: no threshold, an unknown meter, two filters, a customer that does not exist', async () => {
    const base = { alert_type: 'usage_threshold' as const, title: 'x' }
    expect(await rejectionOf(stripe.billing.alerts.create(base))).toMatchObject({ statusCode: 400, param: 'usage_threshold' })
    expect(await rejectionOf(stripe.billing.alerts.create({ ...base, usage_threshold: { gte: 1, meter: 'mtr_missing', recurrence: 'one_time' } }))).toMatchObject({ statusCode: 400, code: 'resource_missing' })
    const customer = await stripe.customers.create({ email: 'filters@example.com' })
    const two = { gte: 1, meter: meter.id, recurrence: 'one_time' as const, filters: [{ type: 'customer' as const, customer: customer.id }, { type: 'customer' as const, customer: customer.id }] }
    expect(await rejectionOf(stripe.billing.alerts.create({ ...base, usage_threshold: two }))).toMatchObject({ statusCode: 400, param: 'usage_threshold[filters]' })
    const ghost = { gte: 1, meter: meter.id, recurrence: 'one_time' as const, filters: [{ type: 'customer' as const, customer: 'cus_missing' }] }
    expect(await rejectionOf(stripe.billing.alerts.create({ ...base, usage_threshold: ghost }))).toMatchObject({ statusCode: 400, code: 'resource_missing' })
  })

  it('fire once per customer when aggregated usage reaches the threshold, only for the filtered customer', async () => {
    const watched = await stripe.customers.create({ email: 'watched@example.com' })
    const other = await stripe.customers.create({ email: 'other@example.com' })
    const alert = await stripe.billing.alerts.create({
      alert_type: 'usage_threshold',
      title: 'Allowance used',
      usage_threshold: { gte: 100, meter: meter.id, recurrence: 'one_time', filters: [{ type: 'customer', customer: watched.id }] },
    })
    const start = triggered().length
    await use(watched.id, 60)
    await use(other.id, 500)
    await use(watched.id, 40)
    expect(triggered().length).toBe(start)
    double.advanceClockTo((await accountNow()) + AGGREGATION_DELAY)
    const fired = triggered().slice(start)
    expect(fired).toHaveLength(1)
    expect(fired[0]?.data.object).toMatchObject({ object: 'billing.alert_triggered', customer: watched.id, value: 100, livemode: false, alert: { id: alert.id } })
    await use(watched.id, 50)
    double.advanceClockTo((await accountNow()) + AGGREGATION_DELAY)
    expect(triggered().slice(start)).toHaveLength(1)
  })
})

describe('the meter error report', () => {
  it('comes back as v2 events once Stripe has processed the rejected events', async () => {
    const customer = await stripe.customers.create({ email: 'errors@example.com' })
    await stripe.billing.meterEvents.create({ event_name: meter.event_name, payload: { stripe_customer_id: customer.id, value: 'ten' }, identifier: 'bad-value' })
    await use('cus_missing', 1)
    await use(customer.id, 1, 'nobody_meters_this')
    const before = (await stripe.v2.core.events.list({ limit: 100 })).data.length
    double.advanceClockTo((await accountNow()) + AGGREGATION_DELAY)
    const page = await stripe.v2.core.events.list({ limit: 100 })
    const fresh = page.data.slice(0, page.data.length - before)
    expect(fresh.map((event) => event.type).sort()).toEqual(['v1.billing.meter.error_report_triggered', 'v1.billing.meter.error_report_triggered', 'v1.billing.meter.no_meter_found'])
    const invalid = fresh.find((event) => JSON.stringify(event).includes('bad-value')) as Stripe.Events.V1BillingMeterErrorReportTriggeredEvent
    expect(invalid).toMatchObject({ object: 'v2.core.event', type: 'v1.billing.meter.error_report_triggered', related_object: { id: meter.id, type: 'billing.meter' } })
    expect(invalid.data.reason.error_types[0]).toMatchObject({ code: 'meter_event_invalid_value', error_count: 1, sample_errors: [{ request: { identifier: 'bad-value' } }] })
    const noMeter = await stripe.v2.core.events.list({ types: ['v1.billing.meter.no_meter_found'] })
    expect(noMeter.data.every((event) => event.type === 'v1.billing.meter.no_meter_found')).toBe(true)
    expect((await stripe.v2.core.events.list({ object_id: meter.id })).data.map((event) => event.id)).toContain(invalid.id)
    const fetched = await stripe.v2.core.events.retrieve(invalid.id)
    expect(fetched.id).toBe(invalid.id)
    expect(await rejectionOf(stripe.v2.core.events.retrieve('evt_missing'))).toMatchObject({ statusCode: 404 })
  })
})
