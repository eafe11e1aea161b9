// Customers: create (on the account's time, or on a test clock's), update, retrieve, list. A customer's default
// payment method for invoices is set here, among the payment methods attached to it (resources/payment-methods.ts).
import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import { applyMetadata, nullableString, optionalObject, optionalString } from '../door/params'
import { previousAttributes } from '../core/events'
import type { ApiRoute } from '../door/router'
import { toWire } from '../core/wire'
import { refuseNewCustomerOn, requireTestClock } from './test-clocks'

/**
 * `testClock`: the clock the customer joins ("ID of the test clock to attach to the customer",
 * https://docs.stripe.com/api/customers/create#create_customer-test_clock); it is created at the clock's frozen time,
 * so the caller runs this on that clock (core.onClock), as the door does for a request naming it.
 */
export function createCustomer(core: Core, fields: { email: string | null; name: string | null; metadata?: Stripe.Metadata; testClock?: string | null }): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId('cus_', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created: core.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: fields.email,
    invoice_prefix: newId('', 8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: fields.testClock ?? null,
  }
  core.customers.set(customer.id, customer)
  core.emit('customer.created', customer)
  return customer
}

/**
 * The number an invoice takes when it is finalized: the customer's `invoice_prefix` and its next sequence number,
 * which moves on (https://docs.stripe.com/api/customers/object#customer_object-next_invoice_sequence). Drafts have
 * none (https://docs.stripe.com/api/invoices/object#invoice_object-number).
 */
export function takeInvoiceNumber(core: Core, customerId: string): string {
  const customer = core.customers.get(customerId)
  const sequence = customer?.next_invoice_sequence ?? 1
  if (customer) customer.next_invoice_sequence = sequence + 1
  return `${customer?.invoice_prefix ?? 'DOUBLE'}-${String(sequence).padStart(4, '0')}`
}

export function requireCustomer(core: Core, id: string, param?: string): Stripe.Customer {
  const customer = core.customers.get(id)
  if (!customer) throw noSuch('customer', id, param)
  return customer
}

/**
 * A payment method the customer can be charged with: one attached to it. Stripe answers anything else with this
 * message (the SDK's `invoice_settings.default_payment_method`: "ID of a payment method that's attached to the
 * customer").
 */
export function requireAttachedPaymentMethod(core: Core, customerId: string, id: string, param: string): Stripe.PaymentMethod {
  const method = core.paymentMethods.get(id)
  if (!method || method.customer !== customerId) {
    throw invalid(`The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, param)
  }
  return method
}

/** Sets (or with null, clears) the customer's default payment method for invoices and subscriptions; `customer.updated`. */
export function setDefaultPaymentMethod(core: Core, customer: Stripe.Customer, paymentMethod: string | null): Stripe.Customer {
  const before = toWire(customer)
  customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: paymentMethod }
  const changes = previousAttributes(before, customer)
  if (changes) core.emit('customer.updated', customer, changes)
  return customer
}

function update(core: Core, customer: Stripe.Customer, params: Params): Stripe.Customer {
  const fields = { email: nullableString(params, 'email'), name: nullableString(params, 'name'), description: nullableString(params, 'description'), phone: nullableString(params, 'phone') }
  const metadata = applyMetadata(customer.metadata, params)
  const settings = optionalObject(params, 'invoice_settings')
  const param = 'invoice_settings[default_payment_method]'
  const defaultMethod = settings ? nullableString(settings, 'default_payment_method', param) : undefined
  if (defaultMethod) requireAttachedPaymentMethod(core, customer.id, defaultMethod, param)
  const before = toWire(customer)
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) customer[key as keyof typeof fields] = value
  customer.metadata = metadata
  if (defaultMethod !== undefined) customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: defaultMethod }
  const changes = previousAttributes(before, customer)
  if (changes) core.emit('customer.updated', customer, changes)
  return customer
}

/**
 * "Provides a list of customers that are associated with the specified test clock. The response will not include
 * customers with test clocks if this parameter is not set" (the pinned SDK's `CustomerListParams.test_clock`).
 */
function list(core: Core, params: Params): Stripe.ApiList<Stripe.Customer> {
  const email = optionalString(params, 'email')
  const testClock = optionalString(params, 'test_clock') ?? null
  const matches = newestFirst(core.customers).filter((customer) => (email === undefined || customer.email === email) && (customer.test_clock ?? null) === testClock)
  return listOf(matches, params, '/v1/customers')
}

export const customerRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/customers',
    params: ['email', 'name', 'metadata', 'test_clock'],
    handle: ({ core, params }) => {
      const email = nullableString(params, 'email') ?? null
      if (email !== null && !email.includes('@')) throw invalid('Invalid email address: ' + email, 'email', 'email_invalid')
      const clockId = optionalString(params, 'test_clock')
      const clock = clockId === undefined ? null : requireTestClock(core, clockId, 'test_clock')
      if (clock) refuseNewCustomerOn(core, clock)
      const fields = { email, name: nullableString(params, 'name') ?? null, metadata: applyMetadata({}, params), testClock: clock?.id ?? null }
      // The door already runs a request naming `test_clock` on that clock's time; this keeps it so for any caller.
      return core.onClock(fields.testClock, () => createCustomer(core, fields))
    },
  },
  { method: 'GET', path: '/v1/customers/:id', params: [], handle: ({ core, args: [id = ''] }) => requireCustomer(core, id) },
  {
    method: 'POST',
    path: '/v1/customers/:id',
    params: ['email', 'name', 'description', 'phone', 'metadata', 'invoice_settings[default_payment_method]'],
    handle: ({ core, params, args: [id = ''] }) => update(core, requireCustomer(core, id), params),
  },
  { method: 'GET', path: '/v1/customers', params: ['email', 'test_clock', ...PAGINATION], handle: ({ core, params }) => list(core, params) },
]
