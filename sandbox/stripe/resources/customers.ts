import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import type { Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import { applyMetadata, nullableString, optionalString } from '../door/params'
import { previousAttributes } from '../core/events'
import type { ApiRoute } from '../door/router'
import { toWire } from '../core/wire'

export function createCustomer(core: Core, fields: { email: string | null; name: string | null; metadata?: Stripe.Metadata }): Stripe.Customer {
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
    test_clock: null,
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

function update(core: Core, customer: Stripe.Customer, params: Params): Stripe.Customer {
  const fields = { email: nullableString(params, 'email'), name: nullableString(params, 'name'), description: nullableString(params, 'description'), phone: nullableString(params, 'phone') }
  const metadata = applyMetadata(customer.metadata, params)
  const before = toWire(customer)
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) customer[key as keyof typeof fields] = value
  customer.metadata = metadata
  const changes = previousAttributes(before, customer)
  if (changes) core.emit('customer.updated', customer, changes)
  return customer
}

export const customerRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: '/v1/customers',
    params: ['email', 'name', 'metadata'],
    handle: ({ core, params }) => {
      const email = nullableString(params, 'email') ?? null
      if (email !== null && !email.includes('@')) throw invalid('Invalid email address: ' + email, 'email', 'email_invalid')
      return createCustomer(core, { email, name: nullableString(params, 'name') ?? null, metadata: applyMetadata({}, params) })
    },
  },
  { method: 'GET', path: '/v1/customers/:id', params: [], handle: ({ core, args: [id = ''] }) => requireCustomer(core, id) },
  { method: 'POST', path: '/v1/customers/:id', params: ['email', 'name', 'description', 'phone', 'metadata'], handle: ({ core, params, args: [id = ''] }) => update(core, requireCustomer(core, id), params) },
  {
    method: 'GET',
    path: '/v1/customers',
    params: ['email', ...PAGINATION],
    handle: ({ core, params }) => {
      const email = optionalString(params, 'email')
      const matches = newestFirst(core.customers).filter((customer) => email === undefined || customer.email === email)
      return listOf(matches, params, '/v1/customers')
    },
  },
]
