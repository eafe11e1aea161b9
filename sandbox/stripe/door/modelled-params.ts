// Which of Stripe's parameters a route acts on. Each route lists them in `params` (router.ts), spelled as a request
// spells them: `email`; `recurring[interval]`; `items[][price]`, where `[]` stands for every index of a list. A name
// covers everything beneath it (`metadata` covers every key). A hash or list of which only some fields are listed
// takes `''` (Stripe's "unset it") only when that is listed too: `features[subscription_update][products]=''`.
//
// The door runs this after the contract has accepted the request, so every parameter here is one Stripe has: one the
// route does not list is a parameter Stripe would act on and the sandbox would not, and it is refused
// (not-modelled.ts) rather than silently ignored.
import { isParams, type Params } from './form-encoding'

type Node = { all: boolean; unset: boolean; children: Map<string, Node> }

const ANY_INDEX = ''
const UNSET = "=''"

const compiled = new WeakMap<readonly string[], Node>()

/** The first parameter of the request, as the request spells it (`items[0][metadata]`), that the route does not model. */
export function findUnmodelled(declared: readonly string[], params: Params): string | null {
  let tree = compiled.get(declared)
  if (!tree) {
    tree = compile(declared)
    compiled.set(declared, tree)
  }
  // `expand` is accepted by every endpoint and carried out by the door itself (expand.ts).
  const rest = Object.fromEntries(Object.entries(params).filter(([key]) => key !== 'expand'))
  return findIn(tree, rest, '')
}

/** `items[][price]` → `['items', '', 'price']` (and whether it declares `=''`). */
export function parseDeclared(path: string): { segments: string[]; unset: boolean } {
  const unset = path.endsWith(UNSET)
  const bare = unset ? path.slice(0, -UNSET.length) : path
  const open = bare.indexOf('[')
  const segments = open === -1 ? [bare] : [bare.slice(0, open), ...bare.slice(open + 1, -1).split('][')]
  return { segments, unset }
}

function compile(declared: readonly string[]): Node {
  const root = newNode()
  for (const path of declared) {
    const { segments, unset } = parseDeclared(path)
    let node = root
    for (const segment of segments) {
      const child = node.children.get(segment) ?? newNode()
      node.children.set(segment, child)
      node = child
    }
    if (unset) node.unset = true
    else node.all = true
  }
  return root
}

function findIn(node: Node, value: unknown, path: string): string | null {
  if (node.all) return null
  if (Array.isArray(value)) {
    const items = node.children.get(ANY_INDEX)
    for (const [index, item] of value.entries()) {
      const at = `${path}[${index}]`
      const found = items ? findIn(items, item, at) : at
      if (found) return found
    }
    return null
  }
  if (isParams(value)) {
    for (const [key, child] of Object.entries(value)) {
      const at = path === '' ? key : `${path}[${key}]`
      const beneath = node.children.get(key)
      const found = beneath ? findIn(beneath, child, at) : at
      if (found) return found
    }
    return null
  }
  // A single value where only some fields beneath are modelled: `''`, which unsets the whole hash or list.
  return value === '' && node.unset ? null : path
}

function newNode(): Node {
  return { all: false, unset: false, children: new Map() }
}
