// Test clocks in the sandbox, through the real SDK, as Stripe documents them: the object and its endpoints
// (https://docs.stripe.com/api/test_clocks), the clock's own events, an advance that answers `advancing` and finishes
// `ready` afterwards, and the limits (https://docs.stripe.com/billing/testing/test-clocks: how far one advance goes,
// customers per clock, forward only, one advance at a time, deletion).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStripeDouble, type StripeDouble } from '@/sandbox/stripe'
import { rejectionOf } from '../support/sandbox-checkout'
import { advanceClock, DAY, subscribeOnTestClock } from '../support/test-clocks'

let double: StripeDouble
let stripe: Stripe
let monthly: Stripe.Price

/** A fixed moment in the past, far from the wall clock, so nothing here can pass for the account's own time. */
const JAN_2024 = Date.UTC(2024, 0, 15, 12) / 1000

beforeAll(async () => {
  double = await startStripeDouble()
  stripe = double.client()
  const product = await stripe.products.create({ name: 'Pro' })
  monthly = await stripe.prices.create({ product: product.id, unit_amount: 1900, currency: 'usd', recurring: { interval: 'month' } })
})
afterAll(() => double.close())

const typesSince = (start: number) => double.events.slice(start).map((event) => event.type)

describe('the test clock object', () => {
  it('is created ready at its frozen time, retrieved, listed newest first, and deleted', async () => {
    const start = double.events.length
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_2024, name: 'January' })
    expect(clock).toMatchObject({ object: 'test_helpers.test_clock', frozen_time: JAN_2024, name: 'January', status: 'ready', status_details: {}, livemode: false })
    expect(clock.id).toMatch(/^clock_/)
    // The clock itself is the account's: made on the account's time, deleted 30 days later unless deleted before.
    expect(Math.abs(clock.created - Math.floor(Date.now() / 1000))).toBeLessThan(60)
    expect(clock.deletes_after - clock.created).toBe(30 * DAY)
    expect(await stripe.testHelpers.testClocks.retrieve(clock.id)).toEqual(clock)
    const other = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_2024 })
    expect(other.name).toBeNull()
    const listed = await stripe.testHelpers.testClocks.list({ limit: 2 })
    expect(listed.data.map((entry) => entry.id)).toEqual([other.id, clock.id])

    expect(await stripe.testHelpers.testClocks.del(clock.id)).toEqual({ id: clock.id, object: 'test_helpers.test_clock', deleted: true })
    expect(await rejectionOf(stripe.testHelpers.testClocks.retrieve(clock.id))).toMatchObject({ statusCode: 404, code: 'resource_missing' })
    expect(typesSince(start)).toEqual(['test_helpers.test_clock.created', 'test_helpers.test_clock.created', 'test_helpers.test_clock.deleted'])
  })

  it('refuses what Stripe refuses on create: no frozen_time, a name over 300 characters', async () => {
    expect(await rejectionOf(stripe.testHelpers.testClocks.create({} as Stripe.TestHelpers.TestClockCreateParams))).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'frozen_time' })
    expect(await rejectionOf(stripe.testHelpers.testClocks.create({ frozen_time: JAN_2024, name: 'x'.repeat(301) }))).toMatchObject({ statusCode: 400, param: 'name' })
  })
})

describe('customers on a clock', () => {
  it('are created at the clock’s frozen time and carry it; three per clock, and a fourth is refused', async () => {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_2024 })
    const customers: Stripe.Customer[] = []
    for (const n of [1, 2, 3]) customers.push(await stripe.customers.create({ email: `clock${n}@example.com`, test_clock: clock.id }))
    expect(customers.map((customer) => [customer.created, customer.test_clock])).toEqual([1, 2, 3].map(() => [JAN_2024, clock.id]))
    const created = double.events.filter((event) => event.type === 'customer.created' && customers.some((customer) => customer.id === (event.data.object as Stripe.Customer).id))
    expect(created.map((event) => event.created)).toEqual([JAN_2024, JAN_2024, JAN_2024])
    // Dated on the clock, yet kept as long as any event: Stripe keeps events 30 days from when they were made.
    expect(await stripe.events.retrieve(created[0]!.id)).toMatchObject({ id: created[0]!.id, created: JAN_2024 })
    expect((await stripe.events.list({ type: 'customer.created', limit: 3 })).data.map((event) => event.id)).toEqual(created.map((event) => event.id).reverse())
    // "You can add up to three new customers to each simulation" (Limitations).
    expect(await rejectionOf(stripe.customers.create({ email: 'fourth@example.com', test_clock: clock.id }))).toMatchObject({ statusCode: 400, param: 'test_clock' })
    expect(await rejectionOf(stripe.customers.create({ email: 'nowhere@example.com', test_clock: 'clock_missing' }))).toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'test_clock',
    })
  })

  it('are left out of customer and subscription lists unless the list names the clock (or, for subscriptions, the customer)', async () => {
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024, email: 'listed@example.com' })
    expect((await stripe.customers.list({ email: 'listed@example.com' })).data).toEqual([])
    expect((await stripe.customers.list({ email: 'listed@example.com', test_clock: clock.id })).data.map((c) => c.id)).toEqual([customer.id])
    expect((await stripe.subscriptions.list({ limit: 100 })).data.map((s) => s.id)).not.toContain(subscription.id)
    expect((await stripe.subscriptions.list({ test_clock: clock.id })).data.map((s) => s.id)).toEqual([subscription.id])
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([subscription.id])
    expect(subscription).toMatchObject({ test_clock: clock.id, created: JAN_2024, start_date: JAN_2024 })
  })
})

describe('advancing a clock', () => {
  it('answers advancing, sends .advancing, runs afterwards, then is ready at the new time with .ready', async () => {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_2024 })
    const start = double.events.length
    const release = double.holdTestClockAdvances()
    const advancing = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_2024 + DAY })
    expect(advancing).toMatchObject({ status: 'advancing', frozen_time: JAN_2024, status_details: { advancing: { target_frozen_time: JAN_2024 + DAY } } })
    // "Advancement is done when status changes to Ready": until then, the clock is advancing and keeps its time.
    expect(await stripe.testHelpers.testClocks.retrieve(clock.id)).toMatchObject({ status: 'advancing', frozen_time: JAN_2024 })
    expect(await rejectionOf(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_2024 + 2 * DAY }))).toMatchObject({ statusCode: 400 })
    expect(await rejectionOf(stripe.customers.create({ email: 'late@example.com', test_clock: clock.id }))).toMatchObject({ statusCode: 400, param: 'test_clock' })
    release()
    await double.idle()
    expect(await stripe.testHelpers.testClocks.retrieve(clock.id)).toMatchObject({ status: 'ready', frozen_time: JAN_2024 + DAY, status_details: {} })
    expect(typesSince(start)).toEqual(['test_helpers.test_clock.advancing', 'test_helpers.test_clock.ready'])
  })

  it('left advancing when the saved sandbox stopped, finishes when it starts again', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'tollgate-test-clock-')), 'stripe-sandbox.json')
    const first = await startStripeDouble({ stateFile })
    const api = first.client()
    const clock = await api.testHelpers.testClocks.create({ frozen_time: JAN_2024 })
    first.holdTestClockAdvances()
    await api.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_2024 + DAY })
    await first.close()
    const again = await startStripeDouble({ stateFile })
    try {
      expect(await again.client().testHelpers.testClocks.retrieve(clock.id)).toMatchObject({ status: 'ready', frozen_time: JAN_2024 + DAY })
      expect(again.events.at(-1)).toMatchObject({ type: 'test_helpers.test_clock.ready' })
    } finally {
      await again.close()
    }
  })

  it('moves forward only: a time before or at the clock’s is refused', async () => {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_2024 })
    expect(await rejectionOf(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_2024 - 1 }))).toMatchObject({ statusCode: 400, param: 'frozen_time' })
    expect(await rejectionOf(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_2024 }))).toMatchObject({ statusCode: 400, param: 'frozen_time' })
    expect((await stripe.testHelpers.testClocks.retrieve(clock.id)).status).toBe('ready')
  })

  it('goes at most two intervals of the shortest subscription at a time, or two years with none', async () => {
    const empty = await stripe.testHelpers.testClocks.create({ frozen_time: JAN_2024 })
    const twoYears = Date.UTC(2026, 0, 15, 12) / 1000
    expect(await rejectionOf(stripe.testHelpers.testClocks.advance(empty.id, { frozen_time: twoYears + 1 }))).toMatchObject({ statusCode: 400, param: 'frozen_time' })
    expect((await advanceClock(double, empty.id, twoYears)).frozen_time).toBe(twoYears)

    const { clock } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    const twoMonths = Date.UTC(2024, 2, 15, 12) / 1000
    expect(await rejectionOf(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: twoMonths + 1 }))).toMatchObject({ statusCode: 400, param: 'frozen_time' })
    expect((await advanceClock(double, clock.id, twoMonths)).frozen_time).toBe(twoMonths)
  })

  it('leaves the account’s own time and other clocks where they were', async () => {
    const { clock: moved } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    const { clock: still, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    const before = Math.floor(Date.now() / 1000)
    await advanceClock(double, moved.id, JAN_2024 + 40 * DAY)
    expect((await stripe.testHelpers.testClocks.retrieve(still.id)).frozen_time).toBe(JAN_2024)
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.current_period_start).toBe(JAN_2024)
    const onAccountTime = await stripe.customers.create({ email: 'wall@example.com' })
    expect(onAccountTime.created).toBeGreaterThanOrEqual(before)
    expect(onAccountTime.created - before).toBeLessThan(60)
  })
})

describe('deleting a clock', () => {
  it('deletes its customers and cancels their subscriptions, then sends test_helpers.test_clock.deleted', async () => {
    const { clock, customer, subscription } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    const start = double.events.length
    await stripe.testHelpers.testClocks.del(clock.id)
    expect(typesSince(start)).toEqual(['customer.subscription.deleted', 'customer.deleted', 'test_helpers.test_clock.deleted'])
    expect(await stripe.customers.retrieve(customer.id)).toEqual({ id: customer.id, object: 'customer', deleted: true })
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled')
  })

  it('happens on its own when the account’s clock passes deletes_after', async () => {
    const { clock, customer } = await subscribeOnTestClock(double, monthly, { frozenTime: JAN_2024 })
    double.advanceClockTo(clock.deletes_after)
    expect(await rejectionOf(stripe.testHelpers.testClocks.retrieve(clock.id))).toMatchObject({ statusCode: 404 })
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ deleted: true })
  })
})
