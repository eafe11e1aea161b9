// `expand[]`: replaces an id with the object it names (or fills a field Stripe only returns on request, like a
// Checkout Session's `line_items`). Works on the response copy, never on stored state.
import type { Core } from '../core/core'
import { invalid } from './errors'
import { isParams, type Params } from './form-encoding'
import { stringArray } from './params'

export function applyExpand(core: Core, value: unknown, params: Params): unknown {
  hideVirtualFields(core, value)
  for (const path of stringArray(params, 'expand')) {
    const segments = path.split('.')
    if (segments.length > 4) throw invalid(`You cannot expand more than 4 levels of a property. Property: ${path}`, 'expand')
    expandPath(core, value, segments, path)
  }
  return value
}

function expandPath(core: Core, node: unknown, segments: string[], path: string): void {
  const [key, ...rest] = segments
  if (key === undefined || !isParams(node)) return
  let child = node[key]
  if (typeof child === 'string') {
    const found = core.lookup(child)
    if (!found) throw cannotExpand(path)
    node[key] = child = found
  } else if (child === undefined) {
    const virtual = core.virtualFields.get(`${String(node.object)}.${key}`)
    if (!virtual) throw cannotExpand(path)
    node[key] = child = virtual(node)
  } else if (child !== null && typeof child !== 'object') {
    throw cannotExpand(path)
  }
  if (rest.length === 0) return
  if (Array.isArray(child)) for (const element of child) expandPath(core, element, rest, path)
  else expandPath(core, child, rest, path)
}

/**
 * A field Stripe "does not include by default" (a price's `tiers`) may be kept on the stored object, where the
 * sandbox's own computations read it; the response copy leaves it out until `expand` asks for it.
 */
function hideVirtualFields(core: Core, node: unknown): void {
  if (Array.isArray(node)) {
    for (const element of node) hideVirtualFields(core, element)
    return
  }
  if (!isParams(node)) return
  for (const key of Object.keys(node)) {
    if (core.virtualFields.has(`${String(node.object)}.${key}`)) delete node[key]
    else hideVirtualFields(core, node[key])
  }
}

function cannotExpand(path: string) {
  return invalid(`This property cannot be expanded (${path}).`, 'expand')
}
