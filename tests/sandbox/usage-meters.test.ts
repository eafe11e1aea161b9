// Billing meters and meter events in the sandbox, through the real SDK, as Stripe documents them
// (https://docs.stripe.com/api/billing/meter, https://docs.stripe.com/api/billing/meter-event,
// https://docs.stripe.com/billing/subscriptions/usage-based/recording-usage-api): the meter's immutable fields,
// event names unique among active meters, identifier dedupe, the timestamp window, asynchronous aggregation (a delay
// on the customer's clock), adjustments, and event summaries with their alignment rules.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { AGGREGATION_DELAY } from '@/sandbox/stripe/resources/meter-events'
import { rejectionOf } from '../support/sandbox-checkout'
import { advanceClock, DAY } from '../support/test-clocks'

let double: StripeDouble
let stripe: Stripe
let counter = 0

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
})
afterAll(() => double.close())

const uniqueName = (base: string) => `${base}_${++counter}`
/** The account's clock (tests here move it on): the `created` of an object made on it. */
const now = async () => (await stripe.customers.create({ email: 'clock-reader@example.com' })).created
/** The start of the current hour, and of the UTC day: event summaries align to them. */
const hourStart = (at: number) => at - (at % 3600)

async function meter(formula: 'sum' | 'count' | 'last' = 'sum', extra: Partial<Stripe.Billing.MeterCreateParams> = {}) {
  return stripe.billing.meters.create({ display_name: 'API calls', event_name: uniqueName('api_call'), default_aggregation: { formula }, ...extra })
}

describe('meters', () => {
  it('are created with Stripe’s defaults, retrieved, listed by status newest first', async () => {
    const start = double.events.length
    const created = await meter()
    expect(created).toMatchObject({
      object: 'billing.meter',
      customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
      default_aggregation: { formula: 'sum' },
      display_name: 'API calls',
      event_time_window: null,
      livemode: false,
      status: 'active',
      status_transitions: { deactivated_at: null },
      value_settings: { event_payload_key: 'value' },
    })
    expect(created.id).toMatch(/^mtr_/)
    expect(await stripe.billing.meters.retrieve(created.id)).toEqual(created)
    const second = await meter('count', { customer_mapping: { type: 'by_id', event_payload_key: 'customer' }, value_settings: { event_payload_key: 'tokens' } })
    expect(second).toMatchObject({ customer_mapping: { event_payload_key: 'customer' }, value_settings: { event_payload_key: 'tokens' } })
    const listed = await stripe.billing.meters.list({ status: 'active', limit: 2 })
    expect(listed.data.map((entry) => entry.id)).toEqual([second.id, created.id])
    expect(double.events.slice(start).map((event) => event.type)).toEqual(['billing.meter.created', 'billing.meter.created'])
  })

  it('change only their display name: the other fields are not parameters of the update', async () => {
    const created = await meter()
    const renamed = await stripe.billing.meters.update(created.id, { display_name: 'Requests' })
    expect(renamed).toMatchObject({ display_name: 'Requests', event_name: created.event_name })
    const immutable = { event_name: 'other' } as unknown as Stripe.Billing.MeterUpdateParams
    expect(await rejectionOf(stripe.billing.meters.update(created.id, immutable))).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'event_name' })
    const aggregation = { default_aggregation: { formula: 'count' } } as unknown as Stripe.Billing.MeterUpdateParams
    expect(await rejectionOf(stripe.billing.meters.update(created.id, aggregation))).toMatchObject({ statusCode: 400, code: 'parameter_unknown' })
  })

  it('refuse a second active meter with the same event name, until the first is deactivated; then it cannot be reactivated', async () => {
    const first = await meter()
    const again = stripe.billing.meters.create({ display_name: 'Twin', event_name: first.event_name, default_aggregation: { formula: 'sum' } })
    expect(await rejectionOf(again)).toMatchObject({ statusCode: 400, param: 'event_name' })
    const deactivated = await stripe.billing.meters.deactivate(first.id)
    expect(deactivated.status).toBe('inactive')
    expect(deactivated.status_transitions.deactivated_at).toBeGreaterThan(0)
    expect(await rejectionOf(stripe.billing.meters.deactivate(first.id))).toMatchObject({ statusCode: 400 })
    const successor = await stripe.billing.meters.create({ display_name: 'Twin', event_name: first.event_name, default_aggregation: { formula: 'sum' } })
    expect(successor.status).toBe('active')
    expect(await rejectionOf(stripe.billing.meters.reactivate(first.id))).toMatchObject({ statusCode: 400 })
    await stripe.billing.meters.deactivate(successor.id)
    expect((await stripe.billing.meters.reactivate(first.id)).status).toBe('active')
    expect((await stripe.billing.meters.list({ status: 'inactive' })).data.map((entry) => entry.id)).toContain(successor.id)
  })

  it('refuse what Stripe refuses on create: no aggregation, an unknown formula, an event name over 100 characters', async () => {
    const missing = { display_name: 'x', event_name: uniqueName('x') } as Stripe.Billing.MeterCreateParams
    expect(await rejectionOf(stripe.billing.meters.create(missing))).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'default_aggregation' })
    const formula = { display_name: 'x', event_name: uniqueName('x'), default_aggregation: { formula: 'max' } } as unknown as Stripe.Billing.MeterCreateParams
    expect(await rejectionOf(stripe.billing.meters.create(formula))).toMatchObject({ statusCode: 400, param: 'default_aggregation[formula]' })
    const long = stripe.billing.meters.create({ display_name: 'x', event_name: 'e'.repeat(101), default_aggregation: { formula: 'sum' } })
    expect(await rejectionOf(long)).toMatchObject({ statusCode: 400, param: 'event_name' })
    expect(await rejectionOf(stripe.billing.meters.retrieve('mtr_missing'))).toMatchObject({ statusCode: 404, code: 'resource_missing' })
  })
})

describe('meter events', () => {
  it('are answered at once and counted only after Stripe’s asynchronous aggregation', async () => {
    const customer = await stripe.customers.create({ email: 'usage@example.com' })
    const apiCalls = await meter()
    const at = hourStart(await now()) - 3600
    const event = await stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '25' }, identifier: 'evt-1', timestamp: at + 10 })
    expect(event).toEqual({ object: 'billing.meter_event', created: expect.any(Number), event_name: apiCalls.event_name, identifier: 'evt-1', livemode: false, payload: { stripe_customer_id: customer.id, value: '25' }, timestamp: at + 10 })
    await stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '17' }, timestamp: at + 20 })
    const summaries = () => stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: at, end_time: at + 7200 })
    expect((await summaries()).data[0]?.aggregated_value).toBe(0)
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    const [summary] = (await summaries()).data
    expect(summary).toMatchObject({ object: 'billing.meter_event_summary', aggregated_value: 42, start_time: at, end_time: at + 7200, meter: apiCalls.id, livemode: false })
    expect(summary?.id).toMatch(/^mtrusg_/)
  })

  it('refuse an identifier seen in the last 24 hours, as Stripe answers it, and count it once', async () => {
    const customer = await stripe.customers.create({ email: 'dedupe@example.com' })
    const apiCalls = await meter()
    const send = () => stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '5' }, identifier: `dup-${apiCalls.id}` })
    await send()
    expect(await rejectionOf(send())).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', message: `An event already exists with identifier dup-${apiCalls.id}.` })
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    const from = hourStart(await now()) - 3600
    const summary = await stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: from, end_time: from + 3 * 3600 })
    expect(summary.data[0]?.aggregated_value).toBe(5)
  })

  it('refuse a timestamp more than 35 days old or more than 5 minutes ahead, and accept the edges', async () => {
    const apiCalls = await meter()
    const customer = await stripe.customers.create({ email: 'window@example.com' })
    const send = (timestamp: number) => stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '1' }, timestamp })
    const t = await now()
    expect(await rejectionOf(send(t - 35 * DAY - 60))).toMatchObject({ statusCode: 400, param: 'timestamp' })
    expect(await rejectionOf(send(t + 6 * 60))).toMatchObject({ statusCode: 400, param: 'timestamp' })
    await expect(send(t - 35 * DAY + 60)).resolves.toMatchObject({ object: 'billing.meter_event' })
    await expect(send(t + 4 * 60)).resolves.toMatchObject({ object: 'billing.meter_event' })
  })

  it('accept what only processing can judge (no meter, no customer, a fractional value) and count none of it', async () => {
    const apiCalls = await meter()
    const customer = await stripe.customers.create({ email: 'async@example.com' })
    await expect(stripe.billing.meterEvents.create({ event_name: uniqueName('nobody_meters_this'), payload: { stripe_customer_id: customer.id, value: '1' } })).resolves.toBeTruthy()
    await expect(stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: 'cus_missing', value: '1' } })).resolves.toBeTruthy()
    await expect(stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '1.5' } })).resolves.toBeTruthy()
    await expect(stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { value: '1' } })).resolves.toBeTruthy()
    await stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '3' } })
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    const from = hourStart(await now()) - 3600
    const summary = await stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: from, end_time: from + 3 * 3600 })
    expect(summary.data[0]?.aggregated_value).toBe(3)
    expect(await rejectionOf(stripe.billing.meterEvents.create({ event_name: apiCalls.event_name } as Stripe.Billing.MeterEventCreateParams))).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'payload' })
  })

  it('aggregate as the meter says: count ignores values, last keeps the latest by timestamp', async () => {
    const customer = await stripe.customers.create({ email: 'formulas@example.com' })
    const counting = await meter('count')
    const latest = await meter('last')
    const base = hourStart(await now()) - 3600
    for (const [offset, value] of [[30, '7'], [10, '9'], [20, '4']] as const) {
      await stripe.billing.meterEvents.create({ event_name: counting.event_name, payload: { stripe_customer_id: customer.id, value }, timestamp: base + offset })
      await stripe.billing.meterEvents.create({ event_name: latest.event_name, payload: { stripe_customer_id: customer.id, value }, timestamp: base + offset })
    }
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    const range = { customer: customer.id, start_time: base, end_time: base + 3600 }
    expect((await stripe.billing.meters.listEventSummaries(counting.id, range)).data[0]?.aggregated_value).toBe(3)
    expect((await stripe.billing.meters.listEventSummaries(latest.id, range)).data[0]?.aggregated_value).toBe(7)
  })

  it('are taken out by a cancel adjustment within 24 hours, once the adjustment is processed', async () => {
    const customer = await stripe.customers.create({ email: 'cancel@example.com' })
    const apiCalls = await meter()
    const base = hourStart(await now()) - 3600
    await stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '10' }, identifier: `keep-${apiCalls.id}`, timestamp: base + 1 })
    await stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '90' }, identifier: `wrong-${apiCalls.id}`, timestamp: base + 2 })
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    const total = async () => (await stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: base, end_time: base + 3600 })).data[0]?.aggregated_value
    expect(await total()).toBe(100)
    const adjustment = await stripe.billing.meterEventAdjustments.create({ event_name: apiCalls.event_name, type: 'cancel', cancel: { identifier: `wrong-${apiCalls.id}` } })
    expect(adjustment).toEqual({ object: 'billing.meter_event_adjustment', cancel: { identifier: `wrong-${apiCalls.id}` }, event_name: apiCalls.event_name, livemode: false, status: 'pending', type: 'cancel' })
    expect(await total()).toBe(100)
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    expect(await total()).toBe(10)
    const unknown = stripe.billing.meterEventAdjustments.create({ event_name: apiCalls.event_name, type: 'cancel', cancel: { identifier: 'never-sent' } })
    expect(await rejectionOf(unknown)).toMatchObject({ statusCode: 400, param: 'cancel[identifier]' })
    const noCancel = stripe.billing.meterEventAdjustments.create({ event_name: apiCalls.event_name, type: 'cancel' })
    expect(await rejectionOf(noCancel)).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'cancel[identifier]' })
    double.advanceClockTo((await now()) + DAY + 60)
    const late = stripe.billing.meterEventAdjustments.create({ event_name: apiCalls.event_name, type: 'cancel', cancel: { identifier: `keep-${apiCalls.id}` } })
    expect(await rejectionOf(late)).toMatchObject({ statusCode: 400, param: 'cancel[identifier]' })
  })

  it('of a customer on a test clock are stamped and aggregated on the clock’s time', async () => {
    const frozen = Date.UTC(2024, 0, 15, 12) / 1000
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen })
    const customer = await stripe.customers.create({ email: 'clock@example.com', test_clock: clock.id })
    const apiCalls = await meter()
    const event = await stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '8' } })
    expect(event.timestamp).toBe(frozen)
    // The account's own time is ~2 years later: the window is the customer's clock, not the wall clock.
    expect(await rejectionOf(stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: await now() }))).toMatchObject({ statusCode: 400, param: 'timestamp' })
    const range = { customer: customer.id, start_time: frozen - 3600 * 12, end_time: frozen + DAY - 3600 * 12, value_grouping_window: 'day' as const }
    expect((await stripe.billing.meters.listEventSummaries(apiCalls.id, range)).data[0]?.aggregated_value).toBe(0)
    await advanceClock(double, clock.id, frozen + 3600)
    expect((await stripe.billing.meters.listEventSummaries(apiCalls.id, range)).data[0]?.aggregated_value).toBe(8)
  })
})

describe('event summaries', () => {
  it('group by hour or UTC day, newest first, paginated, and refuse misaligned times', async () => {
    const customer = await stripe.customers.create({ email: 'summaries@example.com' })
    const apiCalls = await meter()
    const hour = hourStart(await now()) - 3 * 3600
    for (const [offset, value] of [[0, '1'], [3600 + 5, '2'], [7200 + 59, '4']] as const) {
      await stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value }, timestamp: hour + offset })
    }
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    const hourly = await stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: hour, end_time: hour + 3 * 3600, value_grouping_window: 'hour', limit: 2 })
    expect(hourly.data.map((s) => [s.start_time - hour, s.aggregated_value])).toEqual([[7200, 4], [3600, 2]])
    expect(hourly.has_more).toBe(true)
    const rest = await stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: hour, end_time: hour + 3 * 3600, value_grouping_window: 'hour', starting_after: hourly.data[1]?.id })
    expect(rest.data.map((s) => s.aggregated_value)).toEqual([1])
    const day = hour - (hour % DAY)
    const daily = await stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: day, end_time: day + 2 * DAY, value_grouping_window: 'day' })
    expect(daily.data.map((s) => s.start_time)).toEqual([day + DAY, day])

    const refused = (params: Partial<Stripe.Billing.MeterListEventSummariesParams>) =>
      rejectionOf(stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: hour, end_time: hour + 3600, ...params }))
    expect(await refused({ start_time: hour + 30 })).toMatchObject({ statusCode: 400, param: 'start_time' })
    expect(await refused({ end_time: hour + 60 * 30, value_grouping_window: 'hour' })).toMatchObject({ statusCode: 400, param: 'end_time' })
    expect(await refused({ start_time: day + 3600, end_time: day + DAY, value_grouping_window: 'day' })).toMatchObject({ statusCode: 400, param: 'start_time' })
    expect(await refused({ end_time: hour })).toMatchObject({ statusCode: 400, param: 'end_time' })
    expect(await refused({ customer: 'cus_missing' })).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' })
    expect(await rejectionOf(stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id } as Stripe.Billing.MeterListEventSummariesParams))).toMatchObject({ statusCode: 400, code: 'parameter_missing' })
  })
})

describe('the v2 meter event APIs', () => {
  it('record events synchronously validated, in v2’s shape, counted with v1’s', async () => {
    const customer = await stripe.customers.create({ email: 'v2@example.com' })
    const apiCalls = await meter()
    const at = hourStart(await now()) - 3600
    const event = await stripe.v2.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '7' }, identifier: `v2-${apiCalls.id}`, timestamp: new Date((at + 5) * 1000).toISOString() })
    expect(event).toMatchObject({ object: 'v2.billing.meter_event', event_name: apiCalls.event_name, identifier: `v2-${apiCalls.id}`, timestamp: new Date((at + 5) * 1000).toISOString() })
    const again = stripe.v2.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '7' }, identifier: `v2-${apiCalls.id}` })
    expect(await rejectionOf(again)).toMatchObject({ statusCode: 400 })
    await stripe.billing.meterEvents.create({ event_name: apiCalls.event_name, payload: { stripe_customer_id: customer.id, value: '3' }, timestamp: at + 6 })
    const adjustment = await stripe.v2.billing.meterEventAdjustments.create({ event_name: apiCalls.event_name, type: 'cancel', cancel: { identifier: `v2-${apiCalls.id}` } })
    expect(adjustment).toMatchObject({ object: 'v2.billing.meter_event_adjustment', status: 'pending', type: 'cancel', cancel: { identifier: `v2-${apiCalls.id}` } })
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    const summary = await stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: at, end_time: at + 3600 })
    expect(summary.data[0]?.aggregated_value).toBe(3)
  })

  it('stream batches of up to 100 under a session token that expires after 15 minutes, dropping repeated identifiers', async () => {
    const customer = await stripe.customers.create({ email: 'stream@example.com' })
    const apiCalls = await meter()
    const session = await stripe.v2.billing.meterEventSession.create()
    expect(session).toMatchObject({ object: 'v2.billing.meter_event_session', livemode: false })
    expect(Date.parse(session.expires_at) - Date.parse(session.created)).toBe(15 * 60 * 1000)
    const streaming = new Stripe(session.authentication_token, { host: '127.0.0.1', port: Number(new URL(double.url).port), protocol: 'http' })
    const events = Array.from({ length: 100 }, (_, index) => ({ event_name: apiCalls.event_name, identifier: `s-${apiCalls.id}-${index}`, payload: { stripe_customer_id: customer.id, value: '2' } }))
    await streaming.v2.billing.meterEventStream.create({ events })
    await streaming.v2.billing.meterEventStream.create({ events: events.slice(0, 10) })
    const tooMany = streaming.v2.billing.meterEventStream.create({ events: [...events, events[0]!] })
    expect(await rejectionOf(tooMany)).toMatchObject({ statusCode: 400 })
    double.advanceClockTo((await now()) + AGGREGATION_DELAY)
    const from = hourStart(await now()) - 3600
    const summary = await stripe.billing.meters.listEventSummaries(apiCalls.id, { customer: customer.id, start_time: from, end_time: from + 3 * 3600 })
    expect(summary.data[0]?.aggregated_value).toBe(200)
    double.advanceClockTo((await now()) + 15 * 60)
    expect(await rejectionOf(streaming.v2.billing.meterEventStream.create({ events: events.slice(0, 1) }))).toMatchObject({ statusCode: 401, type: 'TemporarySessionExpiredError' })
    expect(await rejectionOf(new Stripe('mes_auth_test_wrong', { host: '127.0.0.1', port: Number(new URL(double.url).port), protocol: 'http' }).v2.billing.meterEventStream.create({ events: events.slice(0, 1) }))).toMatchObject({ statusCode: 401 })
  })
})
