// DELETE /v1/test_helpers/test_clocks/:id (https://docs.stripe.com/api/test_clocks/delete), and the same deletion when
// the clock's `deletes_after` passes on the account's clock ("Time at which this clock is scheduled to auto delete").
// Deleting a simulation removes the objects on it (the "Delete the simulation" step of
// https://docs.stripe.com/billing/testing/test-clocks/api-advanced-usage#delete-clock). Stripe does not document the
// events of that cleanup; the sandbox deletes each customer as `DELETE /v1/customers/:id` does
// (flows/customer-delete.ts), on the clock's time, then sends `test_helpers.test_clock.deleted`.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { dropClockWork, registerWork, unschedule } from '../core/scheduled-work'
import type { ApiRoute } from '../door/router'
import { DELETE_TEST_CLOCK, requireTestClock, type TestClock } from '../resources/test-clocks'
import { deleteCustomer } from './customer-delete'

function deleteTestClock(core: Core, clock: TestClock): Stripe.TestHelpers.DeletedTestClock {
  core.onClock(clock.id, () => {
    for (const customer of [...core.customers.values()]) if (customer.test_clock === clock.id) deleteCustomer(core, customer)
  })
  dropClockWork(core, clock.id)
  unschedule(core, DELETE_TEST_CLOCK, clock.id)
  core.testClocks.delete(clock.id)
  core.onClock(null, () => core.emit('test_helpers.test_clock.deleted', clock))
  return { id: clock.id, object: 'test_helpers.test_clock', deleted: true }
}

/** At start-up: the runner that deletes a clock whose `deletes_after` has come. */
export function registerTestClockExpiry(core: Core): void {
  registerWork(core, DELETE_TEST_CLOCK, (c, work) => {
    const clock = c.testClocks.get(work.subject)
    if (clock) deleteTestClock(c, clock)
  })
}

export const testClockDeleteRoutes: ApiRoute[] = [
  { method: 'DELETE', path: '/v1/test_helpers/test_clocks/:id', params: [], handle: ({ core, args: [id = ''] }) => deleteTestClock(core, requireTestClock(core, id)) },
]
