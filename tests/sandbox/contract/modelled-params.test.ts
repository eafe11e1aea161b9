// Each route's `params`, the parameters its handler acts on (sandbox/stripe/door/modelled-params.ts), names
// parameters Stripe has on that endpoint: a typo, or a parameter Stripe dropped in an SDK upgrade, fails here rather
// than leaving the route to refuse what it means to model.
import { describe, expect, it } from 'vitest'
import { API_ROUTES } from '@/sandbox/stripe'
import { stripeContract } from '@/sandbox/stripe/contract/contract'
import type { ParamNode } from '@/sandbox/stripe/contract/schema'
import { findUnmodelled, parseDeclared } from '@/sandbox/stripe/door/modelled-params'

const contract = stripeContract()

/** Whether `segments` name a parameter beneath `node` (`''` is a list's every index). */
function hasPath(node: ParamNode, segments: readonly string[]): boolean {
  const [first, ...rest] = segments
  if (first === undefined) return true
  const resolved = contract.resolve(node)
  switch (resolved.type) {
    case 'object': {
      const field = resolved.fields[first]
      return field !== undefined && hasPath(field, rest)
    }
    case 'array':
      return first === '' && hasPath(resolved.items, rest)
    case 'map':
      return hasPath(resolved.values, rest)
    case 'union':
      return resolved.of.some((member) => hasPath(member, segments))
    default:
      return false
  }
}

describe('the parameters each route models', () => {
  it.each(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s: each is a parameter Stripe has there', (_name, route) => {
    const endpoint = contract.findEndpoint(route.method, route.path.replace(/:[a-z_]+/g, 'id_1'))
    expect(endpoint, 'the route is an endpoint of the contract').not.toBeNull()
    const missing = route.params.filter((declared) => !endpoint || !hasPath(endpoint.endpoint.params, parseDeclared(declared).segments))
    expect(missing).toEqual([])
  })

  it('reads nested paths, list indices and the unset value the way a request spells them', () => {
    const declared = ['email', 'items[][price]', "features[products]=''", 'features[products][][product]', 'metadata']
    expect(findUnmodelled(declared, { email: 'a@example.com', metadata: { any: 'key' }, expand: ['x'] })).toBeNull()
    expect(findUnmodelled(declared, { items: [{ price: 'p' }, { price: 'q', quantity: '2' }] })).toBe('items[1][quantity]')
    expect(findUnmodelled(declared, { features: { products: '' } })).toBeNull()
    expect(findUnmodelled(declared, { features: { products: [{ product: 'prod_1', prices: ['p'] }] } })).toBe('features[products][0][prices]')
    expect(findUnmodelled(declared, { features: '' })).toBe('features')
    expect(findUnmodelled(declared, { phone: '1' })).toBe('phone')
  })
})
