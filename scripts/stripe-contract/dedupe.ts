// Stores each parameter sub-tree that appears more than once (a payment method's options, an address, a price's
// `recurring`) once, in a definitions table, and refers to it by name. Identity is structural: two TypeScript types
// with the same shape share one definition, named after the shortest of their TypeScript names.
import type { Endpoint, ParamNode } from '../../sandbox/stripe/contract/schema'
import type { NodeName } from './param-types'

// Sub-trees shorter than this (serialized) stay inline: a `$ref` would save little and cost a look-up to read.
const MIN_SHARED_LENGTH = 160

export function dedupe(
  endpoints: Record<string, Endpoint>,
  names: ReadonlyMap<ParamNode, NodeName>,
): { endpoints: Record<string, Endpoint>; definitions: Record<string, ParamNode> } {
  const keys = new Map<ParamNode, string>()
  const uses = new Map<string, { count: number; declared: Set<string>; paths: Set<string> }>()

  // The key of a node without its own `emptyable`: `Emptyable<Address>` and `Address` share one definition. As a
  // child, a node's `emptyable` is part of its parent's shape.
  function key(node: ParamNode): string {
    let cached = keys.get(node)
    if (cached === undefined) {
      cached = canonical(node, (child) => (child.emptyable ? `{"emptyable":${key(child)}}` : key(child)))
      keys.set(node, cached)
    }
    return cached
  }

  function count(node: ParamNode, pathName: string): void {
    const nodeKey = key(node)
    const use = uses.get(nodeKey) ?? { count: 0, declared: new Set<string>(), paths: new Set<string>() }
    use.count += 1
    const name = names.get(node)
    if (name?.declared) use.declared.add(name.name)
    else use.paths.add(name?.name ?? pathName)
    uses.set(nodeKey, use)
    for (const [childName, child] of children(node)) count(child, `${pathName}${childName}`)
  }
  for (const [name, endpoint] of Object.entries(endpoints)) count(endpoint.params, name)

  const sharedNames = nameShared(uses)
  const definitions: Record<string, ParamNode> = {}

  function rewrite(node: ParamNode, atRoot: boolean): ParamNode {
    const name = sharedNames.get(key(node))
    if (name !== undefined && !atRoot) {
      if (!(name in definitions)) definitions[name] = rewrite(withoutEmptyable(node), true)
      return node.emptyable ? { $ref: name, emptyable: true } : { $ref: name }
    }
    return mapChildren(node, (child) => rewrite(child, false))
  }

  const rewritten: Record<string, Endpoint> = {}
  for (const [name, endpoint] of Object.entries(endpoints)) rewritten[name] = { ...endpoint, params: rewrite(endpoint.params, false) }
  return { endpoints: rewritten, definitions }
}

/**
 * Names each shared sub-tree after its shortest TypeScript name, or where it has none (an inline array or union)
 * after the shortest path it was met at; ties and clashes resolve the same way each run.
 */
function nameShared(uses: Map<string, { count: number; declared: Set<string>; paths: Set<string> }>): Map<string, string> {
  const candidates = [...uses]
    .filter(([nodeKey, use]) => use.count > 1 && nodeKey.length >= MIN_SHARED_LENGTH)
    .map(([nodeKey, use]) => ({ nodeKey, name: [...(use.declared.size > 0 ? use.declared : use.paths)].sort(byLengthThenText)[0] ?? 'Shared' }))
    .sort((a, b) => byLengthThenText(a.name, b.name) || (a.nodeKey < b.nodeKey ? -1 : 1))
  const taken = new Set<string>()
  const result = new Map<string, string>()
  for (const { nodeKey, name } of candidates) {
    let unique = name
    for (let suffix = 2; taken.has(unique); suffix++) unique = `${name}~${suffix}`
    taken.add(unique)
    result.set(nodeKey, unique)
  }
  return result
}

function byLengthThenText(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

function withoutEmptyable(node: ParamNode): ParamNode {
  if (!node.emptyable) return node
  const copy = { ...node }
  delete copy.emptyable
  return copy
}

function* children(node: ParamNode): Generator<[string, ParamNode]> {
  if ('$ref' in node) return
  if (node.type === 'object') for (const [name, child] of Object.entries(node.fields)) yield [`.${name}`, child]
  if (node.type === 'array') yield ['[]', node.items]
  if (node.type === 'map') yield ['{}', node.values]
  if (node.type === 'union') for (const [index, child] of node.of.entries()) yield [`|${index}`, child]
}

function mapChildren(node: ParamNode, map: (child: ParamNode) => ParamNode): ParamNode {
  if ('$ref' in node) return node
  switch (node.type) {
    case 'object':
      return { ...node, fields: Object.fromEntries(Object.entries(node.fields).map(([name, child]) => [name, map(child)])) }
    case 'array':
      return { ...node, items: map(node.items) }
    case 'map':
      return { ...node, values: map(node.values) }
    case 'union':
      return { ...node, of: node.of.map(map) }
    default:
      return node
  }
}

/** JSON with sorted keys, each child written by `childKey` (so each sub-tree is serialized once). */
function canonical(node: ParamNode, childKey: (child: ParamNode) => string): string {
  if ('$ref' in node) return JSON.stringify(node)
  switch (node.type) {
    case 'object': {
      const fields = Object.entries(node.fields)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, child]) => `${JSON.stringify(name)}:${childKey(child)}`)
      return `{"fields":{${fields.join(',')}},"required":${JSON.stringify(node.required ?? [])},"type":"object"}`
    }
    case 'array':
      return `{"items":${childKey(node.items)},"type":"array"}`
    case 'map':
      return `{"type":"map","values":${childKey(node.values)}}`
    case 'union':
      return `{"of":[${node.of.map(childKey).join(',')}],"type":"union"}`
    case 'enum':
      return `{"type":"enum","values":${JSON.stringify(node.values)}}`
    default:
      return JSON.stringify({ type: node.type })
  }
}
