// Test clocks, the object (https://docs.stripe.com/api/test_clocks/object): create, retrieve, list, and the limits
// that hold on a clock's customers. A clock keeps its own `frozen_time`, the time of every object of its customers
// (core/clock-scope.ts). Advancing it runs everything its objects have due, across every kind, so that is a flow
// (flows/test-clock-advance.ts), and so is deleting it, which deletes its customers (flows/test-clock-delete.ts).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { newId } from '../core/ids'
import { schedule } from '../core/scheduled-work'
import { days } from '../core/time'
import { invalid, noSuch } from '../door/errors'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import * as read from '../door/params'
import type { ApiRoute } from '../door/router'

export type TestClock = Stripe.TestHelpers.TestClock

/** Scheduled on the account's clock at `deletes_after`; flows/test-clock-delete.ts runs it. */
export const DELETE_TEST_CLOCK = 'delete-test-clock'

/**
 * "Time at which this clock is scheduled to auto delete." A real clock answered `deletes_after` 30 days after its
 * `created` (stripe/stripe-python#789, a response pasted from the API); the API reference's example shows 7 days,
 * an illustration. Counted on the account's clock, as `created` is.
 */
export const TEST_CLOCK_LIFETIME = days(30)

/**
 * "You can add up to three new customers to each simulation" (https://docs.stripe.com/billing/testing/test-clocks,
 * Limitations). The refusal's words are the sandbox's own: Stripe documents the limit, not its message.
 */
export const CUSTOMERS_PER_TEST_CLOCK = 3

/** "The name for this test clock. The maximum length is 300 characters" (https://docs.stripe.com/api/test_clocks/create). */
const MAX_NAME = 300

export function requireTestClock(core: Core, id: string, param?: string): TestClock {
  const clock = core.testClocks.get(id)
  if (!clock) throw noSuch('test_helpers.test_clock', id, param)
  return clock
}

/**
 * A customer may join a clock while it is ready and has room: Stripe runs no request on a clock that is advancing,
 * and none at all on one that failed ("Future requests to advance time will fail").
 */
export function refuseNewCustomerOn(core: Core, clock: TestClock): void {
  const customers = [...core.customers.values()].filter((customer) => customer.test_clock === clock.id).length
  if (customers >= CUSTOMERS_PER_TEST_CLOCK) {
    throw invalid(`The test clock ${clock.id} already has ${customers} customers; a test clock can have at most ${CUSTOMERS_PER_TEST_CLOCK}.`, 'test_clock')
  }
  if (clock.status !== 'ready') throw invalid(`The test clock ${clock.id} is ${clock.status}; a customer can join it only while it is ready.`, 'test_clock')
}

function create(core: Core, frozenTime: number, name: string | null): TestClock {
  if (name !== null && name.length > MAX_NAME) throw invalid(`Invalid name: must be at most ${MAX_NAME} characters.`, 'name')
  const created = core.accountNow()
  const clock: TestClock = {
    id: newId('clock_'),
    object: 'test_helpers.test_clock',
    created,
    deletes_after: created + TEST_CLOCK_LIFETIME,
    frozen_time: frozenTime,
    livemode: false,
    name,
    status: 'ready',
    status_details: {},
  }
  core.testClocks.set(clock.id, clock)
  // The clock itself is an object of the account: it is made, and deleted, on the account's time.
  schedule(core, { at: clock.deletes_after, kind: DELETE_TEST_CLOCK, subject: clock.id, clock: null })
  core.emit('test_helpers.test_clock.created', clock)
  return clock
}

export const testClockRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/test_helpers/test_clocks',
    // `customer` (attaching an existing customer, API 2026-05-27) is not modelled: customers join a clock when made.
    params: ['frozen_time', 'name'],
    handle: ({ core, params }) => create(core, read.optionalInteger(params, 'frozen_time') ?? core.accountNow(), read.optionalString(params, 'name') ?? null),
  },
  { method: 'GET', path: '/v1/test_helpers/test_clocks/:id', params: [], handle: ({ core, args: [id = ''] }) => requireTestClock(core, id) },
  {
    method: 'GET',
    path: '/v1/test_helpers/test_clocks',
    params: [...PAGINATION],
    handle: ({ core, params }) => listOf(newestFirst(core.testClocks), params, '/v1/test_helpers/test_clocks'),
  },
]
