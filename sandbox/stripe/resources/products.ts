import type Stripe from 'stripe'
import type { Core } from '../core/core'
import { invalid, noSuch } from '../door/errors'
import { previousAttributes } from '../core/events'
import type { Params } from '../door/form-encoding'
import { newId } from '../core/ids'
import { listOf, newestFirst, PAGINATION } from '../door/listing'
import { applyMetadata, nullableString, optionalBoolean, optionalString, requiredString } from '../door/params'
import type { ApiRoute } from '../door/router'
import { toWire } from '../core/wire'

export function createProduct(core: Core, params: Params, name: (key: string) => string = (key) => key): Stripe.Product {
  const id = optionalString(params, 'id', name('id')) ?? newId('prod_', 14)
  if (core.products.has(id)) throw invalid(`Product already exists.`, name('id'), 'resource_already_exists')
  const now = core.now()
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: optionalBoolean(params, 'active', name('active')) ?? true,
    created: now,
    default_price: null,
    description: nullableString(params, 'description', name('description')) ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: applyMetadata({}, params),
    name: requiredString(params, 'name', name('name')),
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: now,
    url: null,
  }
  core.products.set(product.id, product)
  core.emit('product.created', product)
  return product
}

export function requireProduct(core: Core, id: string, param?: string): Stripe.Product {
  const product = core.products.get(id)
  if (!product) throw noSuch('product', id, param)
  return product
}

function update(core: Core, product: Stripe.Product, params: Params): Stripe.Product {
  const name = params.name === undefined ? undefined : requiredString(params, 'name')
  const description = nullableString(params, 'description')
  const active = optionalBoolean(params, 'active')
  const metadata = applyMetadata(product.metadata, params)
  const before = toWire(product)
  if (name !== undefined) product.name = name
  if (description !== undefined) product.description = description
  if (active !== undefined) product.active = active
  product.metadata = metadata
  const changes = previousAttributes(before, product)
  if (changes) {
    product.updated = core.now()
    core.emit('product.updated', product, changes)
  }
  return product
}

export const productRoutes: ApiRoute[] = [
  { method: 'POST', path: '/v1/products', params: ['id', 'active', 'description', 'metadata', 'name'], handle: ({ core, params }) => createProduct(core, params) },
  { method: 'GET', path: '/v1/products/:id', params: [], handle: ({ core, args: [id = ''] }) => requireProduct(core, id) },
  { method: 'POST', path: '/v1/products/:id', params: ['name', 'description', 'active', 'metadata'], handle: ({ core, params, args: [id = ''] }) => update(core, requireProduct(core, id), params) },
  {
    method: 'GET',
    path: '/v1/products',
    params: ['active', ...PAGINATION],
    handle: ({ core, params }) => {
      const active = optionalBoolean(params, 'active')
      const matches = newestFirst(core.products).filter((product) => active === undefined || product.active === active)
      return listOf(matches, params, '/v1/products')
    },
  },
]
