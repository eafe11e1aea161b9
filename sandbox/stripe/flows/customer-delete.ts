// DELETE /v1/customers/:id (https://docs.stripe.com/api/customers/delete): permanent; the customer's
// subscriptions are canceled at once, and retrieving the id afterwards answers `{ id, object, deleted: true }`.
// Updating a deleted customer is refused as a missing one.
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { noSuch } from '../door/errors'
import type { ApiRoute } from '../door/router'
import { cancelNow } from '../resources/subscription-cancel'
import { isLive } from '../resources/subscriptions'

const tombstone = (id: string): Stripe.DeletedCustomer => ({ id, object: 'customer', deleted: true })

/** The customer's subscriptions are canceled, then it is gone: `customer.deleted`. */
export function deleteCustomer(core: Core, customer: Stripe.Customer): Stripe.DeletedCustomer {
  for (const subscription of core.subscriptions.values()) {
    if (subscription.customer === customer.id && isLive(subscription)) cancelNow(core, subscription)
  }
  core.customers.delete(customer.id)
  core.deletedCustomers.add(customer.id)
  core.emit('customer.deleted', customer)
  return tombstone(customer.id)
}

function remove(core: Core, id: string): Stripe.DeletedCustomer {
  const customer = core.customers.get(id)
  if (!customer) throw noSuch('customer', id)
  return deleteCustomer(core, customer)
}

/** Listed before the customer routes, so a deleted id is answered here. */
export const customerDeleteRoutes: ApiRoute[] = [
  { method: 'DELETE', path: '/v1/customers/:id', params: [], handle: ({ core, args: [id = ''] }) => remove(core, id) },
  {
    method: 'GET',
    path: '/v1/customers/:id',
    params: [],
    handle: ({ core, args: [id = ''] }) => {
      if (core.deletedCustomers.has(id)) return tombstone(id)
      const customer = core.customers.get(id)
      if (!customer) throw noSuch('customer', id)
      return customer
    },
  },
]
